/**
 * The cutting itself, whatever says the classes: So2Sat LCZ42-format patches (32 x 32 at 10 m, the 10 Sentinel-2
 * bands of sen2 as reflectance, channels last, one-hot label) cut from a scene at the cells of an output grid that
 * carry a label. The labels come from an LCZ raster (cut-so2sat.ts: mode over each cell) or from training areas
 * rasterised on the grid (areas/cnn/area-patches.ts). Dropped: cells whose labels are mixed (purity under
 * `minPurity`), patches with any no-data pixel or too many cloudy ones (cloud-test.ts); then at most `perClassCap`
 * patches per class, chosen at random.
 *
 * Two passes over the scene: the first screens the patches, the second writes the chosen ones. The HDF5 writer needs
 * its row count up front and a full tile's patches do not fit in memory, so the screening is done twice rather than
 * kept. Patches are cut exactly as mapping cuts them (cellPatchBatches), so a model trained on them sees what it will
 * see when it maps.
 */
import { SO2SAT_S2_BANDS } from '../../../shared/bands';
import type { SceneSettings } from '../../../shared/contract/scenes';
import { UserError } from '../../../shared/errors';
import { LCZ_CLASSES } from '../../../shared/lcz-classes';
import { cellPatchBatches } from '../../mapping/cell-patches';
import type { OutputGrid } from '../../mapping/output-grid';
import type { PatchFormat } from '../../mapping/patch-format';
import type { SceneReader } from '../../scenes/scene-reader';
import { mulberry32 } from '../../synthetic/noise';
import { shuffleRange } from '../epoch-order';
import { CLASS_COUNT, PATCH_SIZE, SEN2_CHANNELS } from '../layout';
import { createSo2SatWriter } from '../so2sat-writer';
import type { CellLabels } from './cell-labels';
import { isCloudy } from './cloud-test';

export interface CutOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { stage: string; done: number; total: number }) => void;
}

export interface CutResult {
  /** Patches written per LCZ value (index value - 1). */
  classCounts: number[];
  dropped: { mixed: number; noData: number; cloud: number; capped: number };
  /** The grid cell of each patch written, in file order. */
  cells: Int32Array;
}

export interface PatchCut {
  grid: OutputGrid;
  labels: CellLabels;
  out: string;
  dtype: 'float32' | 'float64';
  perClassCap: number | null;
  minPurity: number;
  maxCloud: number;
  seed: number;
  /** The HDF5 file's description attribute: where the patches and their labels came from. */
  description: string;
  /** Where the labels came from, named by the message when no patch is usable. */
  labelSource: string;
}

const BATCH_CELLS = 256;

/** The file band of each So2Sat sen2 band, from the scene's band mapping; a missing band is said in words. */
export function sen2Sources(settings: SceneSettings, scene: string): number[] {
  const sources = SO2SAT_S2_BANDS.map((id) => settings.bands.indexOf(id));
  const missing = SO2SAT_S2_BANDS.filter((_, i) => sources[i]! < 0);
  if (missing.length) throw new UserError(`lacks ${missing.join(', ')} in its band mapping; So2Sat patches need the 10 Sentinel-2 bands ${SO2SAT_S2_BANDS.join(', ')}`, scene);
  return sources;
}

export async function cutPatches(reader: SceneReader, settings: SceneSettings, cut: PatchCut, options: CutOptions = {}): Promise<CutResult> {
  const { signal, onProgress } = options;
  const { grid, labels: cellLabels } = cut;
  const { labels, purity } = cellLabels;
  const scene = reader.scene.path;
  const bands = sen2Sources(settings, scene);
  const dropped = { mixed: 0, noData: 0, cloud: 0, capped: 0 };
  const candidate = new Uint8Array(labels.length);
  for (let cell = 0; cell < labels.length; cell++) {
    if (labels[cell] && purity[cell]! >= cut.minPurity) candidate[cell] = 1;
    else if (labels[cell]) dropped.mixed++;
  }
  // Raw reflectance, channels last (So2Sat's sen2 convention): DN x scale + offset.
  const format: PatchFormat = {
    size: PATCH_SIZE,
    layout: 'NHWC',
    sources: bands.map((_, i) => i),
    gain: new Float32Array(SEN2_CHANNELS).fill(settings.scale),
    bias: new Float32Array(SEN2_CHANNELS).fill(settings.offset),
    footprint: grid.resolutionM / 10,
  };
  const spec = { size: PATCH_SIZE, resolutionM: 10 };
  const patchLength = PATCH_SIZE * PATCH_SIZE * SEN2_CHANNELS;
  const cells = grid.width * grid.height;

  // Pass 1: which candidates' patches are whole and clear.
  const usable = new Uint8Array(cells);
  const seen = new Uint8Array(cells);
  let screened = 0;
  for await (const batch of cellPatchBatches(reader, grid, format, spec, bands, BATCH_CELLS, signal)) {
    for (let k = 0; k < batch.n; k++) {
      const cell = batch.cells[k]!;
      if (!candidate[cell]) continue;
      seen[cell] = 1;
      const verdict = screen(batch.patches, k * patchLength, cut.maxCloud);
      if (verdict === 'ok') usable[cell] = 1;
      else dropped[verdict]++;
    }
    screened += batch.n;
    onProgress?.({ stage: 'Screening patches', done: screened, total: cells });
  }
  // Candidates cellPatchBatches left out (mostly no data, or the centre off the scene) are no-data drops too.
  for (let cell = 0; cell < cells; cell++) if (candidate[cell] && !seen[cell]) dropped.noData++;

  const chosen = chooseCells(usable, labels, cut.perClassCap, cut.seed, dropped);
  const total = chosen.reduce((n, v) => n + v, 0);
  if (total === 0) {
    throw new UserError(
      `gives no usable patch over ${scene}: ${dropped.mixed} cells were mixed (purity under ${cut.minPurity}), ${dropped.noData} had no data, ${dropped.cloud} were cloudy; do the scene and the labels cover the same place?`,
      cut.labelSource,
    );
  }

  // Pass 2: the chosen patches, in scene order.
  const writer = await createSo2SatWriter(cut.out, {
    patches: total,
    dtype: cut.dtype,
    attributes: { description: cut.description, ...(reader.scene.metadata.SYNTHETIC === 'YES' ? { SYNTHETIC: 'YES' } : {}) },
  });
  const classCounts = new Array<number>(CLASS_COUNT).fill(0);
  const written = new Int32Array(total);
  try {
    const Out = cut.dtype === 'float32' ? Float32Array : Float64Array;
    let n = 0;
    for await (const batch of cellPatchBatches(reader, grid, format, spec, bands, BATCH_CELLS, signal)) {
      const picked: number[] = [];
      for (let k = 0; k < batch.n; k++) if (chosen[batch.cells[k]!]) picked.push(k);
      if (!picked.length) continue;
      const sen2 = new Out(picked.length * patchLength);
      const label = new Out(picked.length * CLASS_COUNT);
      picked.forEach((k, i) => {
        sen2.set(batch.patches.subarray(k * patchLength, (k + 1) * patchLength), i * patchLength);
        const lcz = labels[batch.cells[k]!]!;
        label[i * CLASS_COUNT + lcz - 1] = 1;
        classCounts[lcz - 1]!++;
        written[n + i] = batch.cells[k]!;
      });
      writer.append({ sen2, label }, picked.length);
      n += picked.length;
      onProgress?.({ stage: 'Writing patches', done: n, total });
    }
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { classCounts, dropped, cells: written };
}

/**
 * A patch's verdict. A no-data pixel is one the extractor zeroed in every band (PatchExtractor): real reflectance is
 * never exactly 0 in all ten bands.
 */
function screen(patches: Float32Array, offset: number, maxCloud: number): 'ok' | 'noData' | 'cloud' {
  const pixels = PATCH_SIZE * PATCH_SIZE;
  let cloudy = 0;
  for (let p = 0; p < pixels; p++) {
    const o = offset + p * SEN2_CHANNELS;
    let zero = true;
    for (let c = 0; c < SEN2_CHANNELS && zero; c++) if (patches[o + c] !== 0) zero = false;
    if (zero) return 'noData';
    if (isCloudy(patches, o)) cloudy++;
  }
  return cloudy > maxCloud * pixels ? 'cloud' : 'ok';
}

/** 1 for the cells to write: every usable cell, or per class a random `cap` of them. */
function chooseCells(usable: Uint8Array, labels: Uint8Array, cap: number | null, seed: number, dropped: CutResult['dropped']): Uint8Array {
  if (cap === null) return usable;
  const chosen = new Uint8Array(usable.length);
  const random = mulberry32(seed);
  for (const cls of LCZ_CLASSES) {
    const cells = Uint32Array.from(Array.from(usable.keys()).filter((cell) => usable[cell] && labels[cell] === cls.value));
    shuffleRange(cells, 0, cells.length, random);
    const take = Math.min(cap, cells.length);
    for (let i = 0; i < take; i++) chosen[cells[i]!] = 1;
    dropped.capped += cells.length - take;
  }
  return chosen;
}
