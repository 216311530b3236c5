import type { BundleManifest } from '../../shared/bundle-manifest';
import type { SceneSettings } from '../../shared/contract/scenes';
import type { SceneReader, SceneWindow } from '../scenes/scene-reader';
import { BatchRunner, type PatchClassifier } from './batch-runner';
import type { EnsembleFusion } from './fusion';
import type { OutputGrid } from './output-grid';
import { PatchExtractor } from './patch-extract';
import type { PatchFormat, WindowData } from './patch-format';
import type { CellPatch, PatchSpec } from './patch-geometry';
import { chunkPatches, outputRowsPerWindow, windowRowsFor } from './scene-windows';
import { writeFlippedViews } from './tta';

/** A cell is left as no data when more than this share of its own footprint is no data. */
const MAX_INVALID_FOOTPRINT = 0.5;

export interface MemberPass {
  reader: SceneReader;
  settings: SceneSettings;
  grid: OutputGrid;
  toScene: (x: number, y: number) => [number, number];
  manifest: BundleManifest;
  /** The member's index in the fusion. */
  index: number;
  classifier: PatchClassifier;
  fusion: EnsembleFusion;
  /** Patches per cell (test-time augmentation views). */
  views: number;
  batchCells: number;
  signal?: AbortSignal;
  /** Cells done (predicted or skipped) and patches run since the last call. */
  onProgress: (cells: number, patches: number) => void;
}

/** One chunk of output rows: its patches and the read of the scene window they need (null: off the scene). */
interface WindowPlan {
  r0: number;
  r1: number;
  patches: (CellPatch | null)[];
  read: Promise<SceneWindow> | null;
}

/** The patch format of a member: its bands as indices into the window of `windowBands`, normalisation folded in. */
export function patchFormat(manifest: BundleManifest, settings: SceneSettings, windowBands: readonly number[], resolutionM: number): PatchFormat {
  return {
    size: manifest.input.patchSize,
    layout: manifest.input.layout,
    sources: manifest.bands.map((b) => windowBands.indexOf(settings.bands.indexOf(b.id))),
    gain: Float32Array.from(manifest.bands, (b) => settings.scale / b.std),
    bias: Float32Array.from(manifest.bands, (b) => (settings.offset - b.mean) / b.std),
    footprint: resolutionM / manifest.input.resolutionM,
  };
}

/**
 * One model's pass down the scene: one patch per output cell, centred on it, at the model's input resolution, in
 * batches that run while the next batch is cut (and the next window read). Only the bands this model needs are
 * read. Returns the seconds spent waiting for the model (the rest is reading and cutting patches).
 */
export async function mapMember(pass: MemberPass): Promise<{ patches: number; waitedSeconds: number }> {
  const { reader, grid, manifest, signal, views } = pass;
  const scene = reader.scene;
  const windowBands = [...new Set(manifest.bands.map((b) => pass.settings.bands.indexOf(b.id)))].sort((a, b) => a - b);
  const format = patchFormat(manifest, pass.settings, windowBands, grid.resolutionM);
  const extractor = new PatchExtractor(format);
  const spec: PatchSpec = { size: format.size, resolutionM: manifest.input.resolutionM };
  const patchLength = format.size * format.size * format.sources.length;
  const runner = new BatchRunner(pass.classifier, pass.fusion, pass.index, manifest.classes, pass.batchCells, patchLength, views, (n) => pass.onProgress(n, n * views));

  const chunkRows = outputRowsPerWindow(grid, scene.width, scene.pixelSizeM, windowBands.length, [spec]);
  const plan = (r0: number): WindowPlan => {
    const r1 = Math.min(grid.height, r0 + chunkRows);
    const patches = chunkPatches(grid, pass.toScene, spec, r0, r1);
    const rows = windowRowsFor(grid, [patches], [spec], scene.width, scene.height);
    const read = rows ? reader.read(rows[0], rows[1], windowBands, signal) : null;
    read?.catch(() => undefined); // awaited below; until then a failure must not count as unhandled
    return { r0, r1, patches, read };
  };
  // The next window is read (decoded) while the patches of this one are cut and run: the decoding then fills the
  // moments the main thread would otherwise wait for the model, instead of leaving the model idle between windows.
  let next: WindowPlan | null = plan(0);
  while (next) {
    signal?.throwIfAborted();
    const { r0, r1, patches, read: reading }: WindowPlan = next;
    next = r1 < grid.height ? plan(r1) : null;
    if (reading === null) {
      pass.onProgress((r1 - r0) * grid.width, 0);
      continue;
    }
    const read = await reading;
    const win: WindowData = { y0: read.y0, rows: read.rows, width: read.width, sceneHeight: scene.height, bands: read.bands, nodata: scene.nodata };
    let skipped = 0;
    for (let i = 0; i < patches.length; i++) {
      const patch = patches[i];
      if (!patch) {
        skipped++;
        continue;
      }
      const { buffer, offset } = runner;
      if (extractor.extract(win, patch, buffer, offset) > MAX_INVALID_FOOTPRINT) {
        skipped++;
        continue;
      }
      if (views > 1) writeFlippedViews(buffer, offset, format.size, format.sources.length, format.layout);
      if (runner.commit(r0 * grid.width + i)) {
        await runner.dispatch();
        signal?.throwIfAborted();
      }
    }
    pass.onProgress(skipped, 0);
  }
  await runner.drain();
  return { patches: runner.patchesRun, waitedSeconds: runner.waitedSeconds };
}
