/**
 * A So2Sat-format training file cut from synthetic cities: for each city (its own seed, so layouts and spectra
 * vary) the Sentinel-2-like scene is rendered to a temp GeoTIFF, and the 32 x 32 patch centred on chosen 100 m
 * cells is cut exactly as mapping cuts it (cellPatchBatches, 10 m, edges padded symmetrically), as raw reflectance
 * (DN / 10,000, channels last: So2Sat's sen2 convention); its label is the cell's true class, one-hot. Models
 * trained on it therefore see the demo city's patches as they will at mapping time.
 *
 * Cells are chosen per class over all cities: every class keeps all its cells up to a common cap (classQuotas),
 * so common classes are thinned and rare ones all kept. Patches are written city by city in cell order, like
 * the real files (which are ordered by city); shuffle when reading (epochOrder).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../../shared/errors';
import { cellPatchBatches } from '../../mapping/cell-patches';
import { outputGrid } from '../../mapping/output-grid';
import { reflect } from '../../mapping/patch-geometry';
import { SceneReader } from '../../scenes/scene-reader';
import { writeSyntheticScene } from '../../synthetic/demo-scene';
import { mulberry32 } from '../../synthetic/noise';
import { PIXELS_PER_CELL } from '../../synthetic/scene-cells';
import { syntheticCityClasses } from '../../synthetic/synthetic-city';
import { mixSeed, shuffleRange } from '../epoch-order';
import { CLASS_COUNT, PATCH_SIZE, SEN1_CHANNELS, SEN2_CHANNELS, type FloatType } from '../layout';
import { createSo2SatWriter } from '../so2sat-writer';
import { classQuotas } from './class-quota';
import { sarPatch } from './synthetic-sar';

export interface SyntheticSo2SatOptions {
  patches: number;
  seed?: number;
  dtype?: FloatType;
  /** Also write synthetic Sentinel-1 patches (speckled, class-dependent backscatter). */
  sen1?: boolean;
  gzip?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: { stage: string; done: number; total: number }) => void;
}

export interface CityPlan {
  seed: number;
  size: number;
  classes: Uint8Array;
  /** 1 for the cells whose patch goes in the file. */
  chosen: Uint8Array;
}

export { MAX_SYNTHETIC_PATCHES } from '../../../shared/contract/jobs';
import { MAX_SYNTHETIC_PATCHES } from '../../../shared/contract/jobs';
const PATCHES_PER_CITY = 4000;
const BATCH_CELLS = 256;

/** Cities enough to offer every class several times over what is asked; 100 m cells per side between 60 and 200. */
export function planCities(patches: number, seed: number): CityPlan[] {
  const count = Math.max(3, Math.ceil(patches / PATCHES_PER_CITY));
  const size = Math.min(200, Math.max(60, Math.round(Math.sqrt((6 * patches) / count))));
  const cities = Array.from({ length: count }, (_, i) => {
    const citySeed = mixSeed(seed, i + 1) % 2_147_483_647;
    const { classes } = syntheticCityClasses({ seed: citySeed, size });
    return { seed: citySeed, size, classes, chosen: new Uint8Array(classes.length) };
  });
  chooseCells(cities, patches, seed);
  return cities;
}

function chooseCells(cities: CityPlan[], patches: number, seed: number): void {
  const candidates: number[][] = Array.from({ length: CLASS_COUNT }, () => []);
  cities.forEach((city, c) => city.classes.forEach((cls, cell) => candidates[cls - 1]?.push(c * city.classes.length + cell)));
  const quotas = classQuotas(candidates.map((list) => list.length), patches);
  const random = mulberry32(mixSeed(seed, 0xce11));
  candidates.forEach((list, k) => {
    const cells = Uint32Array.from(list);
    shuffleRange(cells, 0, cells.length, random);
    for (let i = 0; i < quotas[k]!; i++) {
      const id = cells[i]!;
      const city = cities[Math.floor(id / cities[0]!.classes.length)]!;
      city.chosen[id % city.classes.length] = 1;
    }
  });
}

/** Writes the file; returns its class counts (patches per class 1-17). */
export async function writeSyntheticSo2Sat(path: string, options: SyntheticSo2SatOptions): Promise<number[]> {
  const { patches, signal, onProgress } = options;
  if (!Number.isInteger(patches) || patches < 1 || patches > MAX_SYNTHETIC_PATCHES) {
    throw new UserError(`the number of patches is ${patches}; give a whole number from 1 to ${MAX_SYNTHETIC_PATCHES.toLocaleString('en-US')}`);
  }
  const seed = options.seed ?? 1;
  const dtype = options.dtype ?? 'float32';
  const cities = planCities(patches, seed);
  const writer = await createSo2SatWriter(path, {
    patches,
    dtype,
    sen1: options.sen1,
    gzip: options.gzip ? { level: 4, chunkRows: 16 } : undefined,
    attributes: {
      SYNTHETIC: 'YES',
      description: `Synthetic So2Sat LCZ42-format patches cut from ${cities.length} synthetic cities made by LCZ Studio (seed ${seed}); not real data.${options.sen1 ? ' sen1 is simulated SAR.' : ''}`,
    },
  });
  const temp = await mkdtemp(join(tmpdir(), 'lcz-so2sat-synth-'));
  const counts = new Array<number>(CLASS_COUNT).fill(0);
  try {
    let written = 0;
    for (const [i, city] of cities.entries()) {
      onProgress?.({ stage: `Rendering city ${i + 1} of ${cities.length}`, done: written, total: patches });
      const scenePath = join(temp, `city-${i}.tif`);
      await writeSyntheticScene(scenePath, {
        seed: city.seed,
        size: city.size,
        signal,
        onProgress: (p) => onProgress?.({ stage: `Rendering city ${i + 1} of ${cities.length}`, done: p.done, total: p.total }),
      });
      for await (const block of cityPatches(scenePath, city, dtype, options.sen1 ?? false, signal)) {
        writer.append(block.data, block.n);
        for (const cls of block.classes) counts[cls - 1]!++;
        written += block.n;
        onProgress?.({ stage: 'Cutting patches', done: written, total: patches });
      }
      await rm(scenePath, { force: true });
    }
    if (written !== patches) throw new Error(`cut ${written} patches, expected ${patches}`);
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return counts;
}

interface PatchBlock {
  n: number;
  classes: Uint8Array;
  data: Record<string, Float32Array | Float64Array>;
}

async function* cityPatches(scenePath: string, city: CityPlan, dtype: FloatType, withSen1: boolean, signal?: AbortSignal): AsyncGenerator<PatchBlock> {
  const reader = await SceneReader.open(scenePath, signal);
  const bands = Array.from({ length: SEN2_CHANNELS }, (_, b) => b);
  // Raw reflectance, channels last: DN x 1e-4 + 0.
  const format = { size: PATCH_SIZE, layout: 'NHWC' as const, sources: bands, gain: new Float32Array(SEN2_CHANNELS).fill(1e-4), bias: new Float32Array(SEN2_CHANNELS), footprint: PIXELS_PER_CELL };
  const Out = dtype === 'float32' ? Float32Array : Float64Array;
  const s2Length = PATCH_SIZE * PATCH_SIZE * SEN2_CHANNELS;
  const s1Length = PATCH_SIZE * PATCH_SIZE * SEN1_CHANNELS;
  try {
    const grid = outputGrid(reader.scene, 100);
    for await (const batch of cellPatchBatches(reader, grid, format, { size: PATCH_SIZE, resolutionM: 10 }, bands, BATCH_CELLS, signal)) {
      const picked = Array.from(batch.cells.subarray(0, batch.n).entries()).filter(([, cell]) => city.chosen[cell]);
      if (picked.length === 0) continue;
      const n = picked.length;
      const sen2 = new Out(n * s2Length);
      const label = new Out(n * CLASS_COUNT);
      const sen1 = withSen1 ? new Out(n * s1Length) : null;
      const classes = new Uint8Array(n);
      picked.forEach(([at, cell], k) => {
        const src = batch.patches.subarray(at * s2Length, (at + 1) * s2Length);
        // float64 files hold DN / 10,000 exactly, as the real ones do; float32 rounds the same value.
        if (dtype === 'float64') for (let v = 0; v < s2Length; v++) sen2[k * s2Length + v] = Math.round(src[v]! * 1e4) / 1e4;
        else sen2.set(src, k * s2Length);
        const cls = city.classes[cell]!;
        classes[k] = cls;
        label[k * CLASS_COUNT + cls - 1] = 1;
        if (sen1) sarPatch(cellClassAt(city, cell), mulberry32(mixSeed(city.seed, cell)), sen1, k * s1Length);
      });
      yield { n, classes, data: sen1 ? { sen2, label, sen1 } : { sen2, label } };
    }
  } finally {
    await reader.close();
  }
}

/** The class under patch pixel (row, col) of a cell's patch (scene pixels reflected at the edges, as the patch is). */
function cellClassAt(city: CityPlan, cell: number): (row: number, col: number) => number {
  const pixels = city.size * PIXELS_PER_CELL;
  const row0 = Math.floor(cell / city.size) * PIXELS_PER_CELL + PIXELS_PER_CELL / 2 - PATCH_SIZE / 2;
  const col0 = (cell % city.size) * PIXELS_PER_CELL + PIXELS_PER_CELL / 2 - PATCH_SIZE / 2;
  return (row, col) => {
    const y = Math.floor(reflect(row0 + row, pixels) / PIXELS_PER_CELL);
    const x = Math.floor(reflect(col0 + col, pixels) / PIXELS_PER_CELL);
    return city.classes[y * city.size + x]!;
  };
}
