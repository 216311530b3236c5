/**
 * A sample of a scene's pixels, taken before mapping to check them (reflectance-check.ts): a 3 x 3 grid of small
 * areas spread over the scene (the whole scene when it is small), so the check costs a few blocks of each band, not
 * a pass over the scene. A pixel counts as valid when every band the models need holds a value there.
 */
import { SceneReader } from '../scenes/scene-reader';
import { isNoData } from '../scenes/no-data';
import { MASK_REASONS, type MaskReason } from '../scenes/scene-source';

/** Side of each sampled area, in scene pixels. */
const AREA = 128;
const GRID = 3;
/** Values kept per band for its quantiles. */
const MAX_SORTED = 20_000;

export interface BandSample {
  /** Raw values (as stored) of the valid pixels (an even subsample of them when there are many), ascending. */
  raw: Float64Array;
}

export interface SceneSample {
  pixels: number;
  valid: number;
  /** Pixels left out by why (a product's quality layer); null for a GeoTIFF, whose no data has no reason. */
  reasons: Record<MaskReason, number> | null;
  /** Per band asked, the raw values of the valid pixels. */
  bands: BandSample[];
}

/** The areas sampled: [x0, y0, x1, y1] each, centred at 1/6, 1/2 and 5/6 of the scene across and down. */
export function sampleAreas(width: number, height: number): [number, number, number, number][] {
  if (width <= AREA * GRID && height <= AREA * GRID) return [[0, 0, width, height]];
  const span = (size: number, k: number): [number, number] => {
    const centre = Math.floor(((2 * k + 1) * size) / (2 * GRID));
    const half = Math.min(AREA, size) / 2;
    const from = Math.max(0, Math.min(size - 2 * half, Math.round(centre - half)));
    return [from, from + Math.round(2 * half)];
  };
  const areas: [number, number, number, number][] = [];
  for (let j = 0; j < GRID; j++) for (let i = 0; i < GRID; i++) areas.push([span(width, i)[0], span(height, j)[0], span(width, i)[1], span(height, j)[1]]);
  return areas;
}

/** Samples file bands `bands` of the scene. */
export async function sampleScene(reader: SceneReader, bands: readonly number[], signal?: AbortSignal): Promise<SceneSample> {
  const { scene } = reader;
  const areas = sampleAreas(scene.width, scene.height);
  const capacity = areas.reduce((n, [x0, y0, x1, y1]) => n + (x1 - x0) * (y1 - y0), 0);
  const values = bands.map(() => new Float64Array(capacity));
  let pixels = 0;
  let valid = 0;
  let reasons: Record<MaskReason, number> | null = null;
  for (const [x0, y0, x1, y1] of areas) {
    const area = await reader.readArea(x0, y0, x1, y1, bands, signal);
    const n = area.width * area.height;
    pixels += n;
    if (area.reasons) {
      reasons ??= Object.fromEntries(MASK_REASONS.map((r) => [r, 0])) as Record<MaskReason, number>;
      for (let i = 0; i < n; i++) reasons[MASK_REASONS[area.reasons[i]!]!]++;
    }
    pixel: for (let i = 0; i < n; i++) {
      for (const band of area.bands) if (isNoData(band[i]!, scene.nodata)) continue pixel;
      for (let b = 0; b < bands.length; b++) values[b]![valid] = area.bands[b]![i]!;
      valid++;
    }
  }
  if (reasons) reasons.valid = valid;
  // Quantiles need a few thousand values, not all of them: every k-th valid pixel, at most MAX_SORTED per band.
  const step = Math.max(1, Math.ceil(valid / MAX_SORTED));
  const thinned = (v: Float64Array) => Float64Array.from({ length: Math.ceil(valid / step) }, (_, i) => v[i * step]!).sort();
  return { pixels, valid, reasons, bands: values.map((v) => ({ raw: thinned(v) })) };
}

/** The q-quantile of ascending values (nearest rank). */
export function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}
