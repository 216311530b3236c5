import type { BundleManifest } from '../../shared/bundle-manifest';
import type { SceneSettings } from '../../shared/contract/scenes';
import type { Fusion } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import type { SceneReader, SceneWindow } from '../scenes/scene-reader';
import { requireBundleFits } from '../scenes/scene-settings';
import { BatchRunner, type PatchClassifier } from './batch-runner';
import { EnsembleFusion, finishFusion, type FusedMaps } from './fusion';
import { gridToScenePixel, outputGrid, type OutputGrid } from './output-grid';
import { PatchExtractor, type PatchFormat, type WindowData } from './patch-extract';
import type { CellPatch } from './patch-geometry';
import { chunkPatches, outputRowsPerWindow, windowRowsFor } from './scene-windows';
import { TTA_VIEW_COUNT, writeFlippedViews } from './tta';

export interface MappingMember {
  /** The bundle folder, for messages. */
  dir: string;
  manifest: BundleManifest;
  classifier: PatchClassifier;
}

export interface MappingProgress {
  /** Cells done, summed over members. */
  done: number;
  total: number;
  patchesPerSecond: number;
}

export interface MapSceneOptions {
  reader: SceneReader;
  settings: SceneSettings;
  members: readonly MappingMember[];
  /** Output cell size in metres (100 by default in the app). */
  resolutionM: number;
  tta: boolean;
  fusion?: Fusion;
  /** Cells per model run. */
  batchCells: number;
  signal?: AbortSignal;
  onProgress?: (p: MappingProgress) => void;
}

export interface MappingStats {
  cells: number;
  predictedCells: number;
  patches: number;
  seconds: number;
  /** Time the pipeline spent waiting for the models: the rest is reading and cutting patches. */
  modelWaitSeconds: number;
}

export interface SceneMapping {
  grid: OutputGrid;
  fused: FusedMaps;
  stats: MappingStats;
}

/** A cell is left as no data when more than this share of its own footprint is no data. */
const MAX_INVALID_FOOTPRINT = 0.5;

interface PreparedMember {
  member: MappingMember;
  index: number;
  spec: { size: number; resolutionM: number };
  extractor: PatchExtractor;
  patchLength: number;
}

/** One chunk of output rows: its patches per member and the read of the scene window they need (null: off the scene). */
interface WindowPlan {
  r0: number;
  r1: number;
  patches: (CellPatch | null)[][];
  read: Promise<SceneWindow> | null;
}

/**
 * Maps a scene with one model or an ensemble: one patch per output cell, centred on it, at each model's own input
 * resolution; probabilities fused by the sum rule. The scene is read in row windows (memory does not grow with it),
 * and each window is cut into batches that run while the next batch is being cut (and the next window read).
 */
export async function mapScene(options: MapSceneOptions): Promise<SceneMapping> {
  const { reader, settings, members, signal } = options;
  const scene = reader.scene;
  if (members.length === 0) throw new UserError('choose at least one model bundle to map with');
  for (const m of members) requireBundleFits(scene, settings, m.manifest, m.dir);
  const grid = outputGrid(scene, options.resolutionM);
  const toScene = gridToScenePixel(grid, scene);
  const views = options.tta ? TTA_VIEW_COUNT : 1;

  // Read each scene band that some member needs once, in one window.
  const windowBands = [...new Set(members.flatMap((m) => m.manifest.bands.map((b) => settings.bands.indexOf(b.id))))].sort((a, b) => a - b);
  const prepared: PreparedMember[] = members.map((member, index) => {
    const { manifest } = member;
    const format: PatchFormat = {
      size: manifest.input.patchSize,
      layout: manifest.input.layout,
      sources: manifest.bands.map((b) => windowBands.indexOf(settings.bands.indexOf(b.id))),
      gain: Float32Array.from(manifest.bands, (b) => settings.scale / b.std),
      bias: Float32Array.from(manifest.bands, (b) => (settings.offset - b.mean) / b.std),
      footprint: options.resolutionM / manifest.input.resolutionM,
    };
    const patchLength = format.size * format.size * format.sources.length;
    return { member, index, spec: { size: format.size, resolutionM: manifest.input.resolutionM }, extractor: new PatchExtractor(format), patchLength };
  });

  const cells = grid.width * grid.height;
  const fusion = new EnsembleFusion(cells, members.length, options.fusion);
  const total = cells * members.length;
  const started = performance.now();
  let done = 0;
  let lastReport = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 200) return;
    lastReport = now;
    const patches = runners.reduce((a, r) => a + r.patchesRun, 0);
    options.onProgress?.({ done, total, patchesPerSecond: patches / Math.max(1e-3, (now - started) / 1000) });
  };
  const runners = prepared.map(
    (p) =>
      new BatchRunner(p.member.classifier, fusion, p.index, p.member.manifest.classes, options.batchCells, p.patchLength, views, (n) => {
        done += n;
        report();
      }),
  );

  const chunkRows = outputRowsPerWindow(grid, scene.width, scene.pixelSizeM, windowBands.length, prepared.map((p) => p.spec));
  const plan = (r0: number): WindowPlan => {
    const r1 = Math.min(grid.height, r0 + chunkRows);
    const patches = prepared.map((p) => chunkPatches(grid, toScene, p.spec, r0, r1));
    const rows = windowRowsFor(patches, prepared.map((p) => p.spec), scene.width, scene.height);
    const read = rows ? reader.read(rows[0], rows[1], windowBands, signal) : null;
    read?.catch(() => undefined); // awaited below; until then a failure must not count as unhandled
    return { r0, r1, patches, read };
  };
  // The next window is read (decoded) while the patches of this one are cut and run: the decoding then fills the
  // moments the main thread would otherwise wait for the model, instead of leaving the model idle between windows.
  let next: WindowPlan | null = plan(0);
  while (next) {
    signal?.throwIfAborted();
    const current: WindowPlan = next;
    const { r0, r1, patches, read: reading } = current;
    next = r1 < grid.height ? plan(r1) : null;
    if (reading === null) {
      done += (r1 - r0) * grid.width * prepared.length;
      continue;
    }
    const read = await reading;
    const win: WindowData = { y0: read.y0, rows: read.rows, width: read.width, sceneHeight: scene.height, bands: read.bands, nodata: scene.nodata };
    for (const p of prepared) {
      const runner = runners[p.index]!;
      const list = patches[p.index]!;
      let skipped = 0;
      for (let i = 0; i < list.length; i++) {
        const patch = list[i];
        const cell = r0 * grid.width + i;
        if (!patch) {
          skipped++;
          continue;
        }
        const { buffer, offset } = runner;
        const invalid = p.extractor.extract(win, patch, buffer, offset);
        if (invalid > MAX_INVALID_FOOTPRINT) {
          skipped++;
          continue;
        }
        if (views > 1) writeFlippedViews(buffer, offset, p.spec.size, p.member.manifest.bands.length, p.member.manifest.input.layout);
        if (runner.commit(cell)) {
          await runner.dispatch();
          signal?.throwIfAborted();
        }
      }
      done += skipped;
    }
  }
  await Promise.all(runners.map((r) => r.drain()));
  report(true);

  const fused = finishFusion(fusion);
  let predictedCells = 0;
  for (let i = 0; i < cells; i++) if (fused.classes[i]) predictedCells++;
  return {
    grid,
    fused,
    stats: {
      cells,
      predictedCells,
      patches: runners.reduce((a, r) => a + r.patchesRun, 0),
      seconds: (performance.now() - started) / 1000,
      modelWaitSeconds: runners.reduce((a, r) => a + r.waitedSeconds, 0),
    },
  };
}
