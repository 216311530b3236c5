/**
 * A scene seen through another sensor's bands (shared/bands.ts: bandRecipe): a Landsat scene offered to a model
 * trained on Sentinel-2 shows the bands that model needs, each taken from the scene's equivalent band or interpolated
 * between two of them. The mapping engine then reads it like any scene; the result says the equivalence was used.
 *
 * Recipes combine raw values: the scene's scale and offset apply to every band alike and an interpolation's weights
 * sum to 1, so w1 (s d1 + o) + w2 (s d2 + o) = s (w1 d1 + w2 d2) + o: combining first is the same reflectance.
 */
import type { TypedArray } from 'geotiff';
import { bandRecipe, type BandRecipe } from '../../shared/bands';
import type { SceneSettings } from '../../shared/contract/scenes';
import { isNoData } from './no-data';
import type { SceneFile } from './scene-file';
import { SceneReader } from './scene-reader';
import type { SceneArea, SceneSource, SceneWindow } from './scene-source';

/** A band the model needs, taken from the scene by a recipe other than "it is there". */
export interface EquivalentBand {
  id: string;
  recipe: Exclude<BandRecipe, { kind: 'same' }>;
}

export interface EquivalencePlan {
  /** Bands taken by equivalence or interpolation. */
  taken: EquivalentBand[];
  /** Bands with no equivalent in the scene. */
  missing: string[];
}

/** How each of `wanted` would be taken from the bands the settings name. */
export function planEquivalence(wanted: readonly string[], settings: SceneSettings): EquivalencePlan {
  const available = settings.bands.filter((b): b is string => b !== null);
  const taken: EquivalentBand[] = [];
  const missing: string[] = [];
  for (const id of new Set(wanted)) {
    const recipe = bandRecipe(id, available);
    if (!recipe) missing.push(id);
    else if (recipe.kind !== 'same') taken.push({ id, recipe });
  }
  return { taken, missing };
}

/** The file bands a recipe reads, and their weights. */
function sourcesOf(recipe: EquivalentBand['recipe'], settings: SceneSettings): { bands: number[]; weights: number[] } {
  const index = (id: string) => settings.bands.indexOf(id);
  return recipe.kind === 'equivalent' ? { bands: [index(recipe.from)], weights: [1] } : { bands: recipe.from.map(index), weights: [...recipe.weights] };
}

class EquivalentSource implements SceneSource {
  readonly scene: SceneFile;
  private readonly recipes: { bands: number[]; weights: number[] }[];

  constructor(
    private readonly reader: SceneReader,
    settings: SceneSettings,
    taken: readonly EquivalentBand[],
  ) {
    const base = reader.scene;
    this.recipes = taken.map((t) => sourcesOf(t.recipe, settings));
    this.scene = {
      ...base,
      bandCount: base.bandCount + taken.length,
      descriptions: [...base.descriptions, ...taken.map((t) => t.id)],
      bandMetadata: [...base.bandMetadata, ...taken.map(() => ({}))],
    };
  }

  /** The file bands to read for the asked bands, and how to make each asked band from them. */
  private plan(bands: readonly number[]): { read: number[]; make: (got: TypedArray[]) => TypedArray[] } {
    const fileBands = this.reader.scene.bandCount;
    const read = [...new Set(bands.flatMap((b) => (b < fileBands ? [b] : this.recipes[b - fileBands]!.bands)))];
    const at = (b: number, got: TypedArray[]) => got[read.indexOf(b)]!;
    const nodata = this.reader.scene.nodata;
    return {
      read,
      make: (got) =>
        bands.map((b) => {
          if (b < fileBands) return at(b, got);
          const { bands: sources, weights } = this.recipes[b - fileBands]!;
          if (sources.length === 1) return at(sources[0]!, got);
          const [a, c] = [at(sources[0]!, got), at(sources[1]!, got)];
          const out = new Float32Array(a.length);
          for (let i = 0; i < out.length; i++) {
            // No data in either source is no data in the blend (NaN: every reader of scene pixels leaves it out).
            out[i] = isNoData(a[i]!, nodata) || isNoData(c[i]!, nodata) ? NaN : weights[0]! * a[i]! + weights[1]! * c[i]!;
          }
          return out;
        }),
    };
  }

  async read(y0: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneWindow> {
    const { read, make } = this.plan(bands);
    const window = await this.reader.read(y0, y1, read, signal);
    return { ...window, bands: make(window.bands) };
  }

  async readArea(x0: number, y0: number, x1: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneArea> {
    const { read, make } = this.plan(bands);
    const area = await this.reader.readArea(x0, y0, x1, y1, read, signal);
    return { ...area, bands: make(area.bands) };
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

/**
 * The scene with the `taken` bands added after its own (the settings name them), read through their recipes.
 * Closing the view closes the scene.
 */
export function withEquivalentBands(reader: SceneReader, settings: SceneSettings, taken: readonly EquivalentBand[]): { reader: SceneReader; settings: SceneSettings } {
  if (taken.length === 0) return { reader, settings };
  return { reader: SceneReader.of(new EquivalentSource(reader, settings, taken)), settings: { ...settings, bands: [...settings.bands, ...taken.map((t) => t.id)] } };
}
