import type { BundleManifest } from '../../shared/bundle-manifest';
import type { SceneSettings } from '../../shared/contract/scenes';
import type { Fusion } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import type { SceneReader } from '../scenes/scene-reader';
import { requireBundleFits } from '../scenes/scene-settings';
import type { PatchClassifier } from './batch-runner';
import { EnsembleFusion, finishFusion, type FusedMaps } from './fusion';
import { mapMember } from './member-pass';
import { gridToScenePixel, type OutputGrid } from './output-grid';
import { TTA_VIEW_COUNT } from './tta';

export interface MappingMember {
  /** The bundle folder, for messages. */
  dir: string;
  manifest: BundleManifest;
}

export interface MappingProgress {
  /** Cells done, summed over members. */
  done: number;
  total: number;
  patchesPerSecond: number;
}

export interface MapGridOptions {
  reader: SceneReader;
  settings: SceneSettings;
  /** The output grid over the scene (output-grid.ts), computed once by the caller, who plans the batches from it. */
  grid: OutputGrid;
  members: readonly MappingMember[];
  /**
   * The model of a member, when its turn comes. Members run one after another, each with the whole machine, so the
   * caller can hold one model at a time (and one model thread): an ensemble then needs no more cores or memory than
   * its largest member. The previous member's batches have all come back when this is called.
   */
  loadModel: (member: MappingMember, index: number) => Promise<PatchClassifier>;
  tta: boolean;
  fusion?: Fusion;
  /** Cells per model run (see batch-budget.ts). */
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

/**
 * Maps every cell of a scene's output grid with one model or an ensemble: one patch per output cell, centred on it,
 * at each model's own input resolution; probabilities fused by the sum rule (or logit averaging). Each member makes
 * its own pass down the scene (member-pass.ts), read in row windows, so memory follows neither the scene nor the
 * number of members; the scene is decoded once per member, a small cost next to the model's. The whole mapping of a
 * scene into a result folder, around this, is map-scene.ts.
 */
export async function mapGrid(options: MapGridOptions): Promise<SceneMapping> {
  const { reader, settings, members, grid, signal } = options;
  const scene = reader.scene;
  if (members.length === 0) throw new UserError('choose at least one model bundle to map with');
  for (const m of members) requireBundleFits(scene, settings, m.manifest, m.dir);
  const toScene = gridToScenePixel(grid, scene);
  const views = options.tta ? TTA_VIEW_COUNT : 1;

  const cells = grid.width * grid.height;
  const fusion = new EnsembleFusion(cells, members.length, options.fusion);
  const total = cells * members.length;
  const started = performance.now();
  let done = 0;
  let patches = 0;
  let lastReport = 0;
  // Loading a model is not mapping: left out of the time, as when every model was opened before the mapping began.
  let loadingMs = 0;
  const mappingSeconds = () => (performance.now() - started - loadingMs) / 1000;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 200) return;
    lastReport = now;
    options.onProgress?.({ done, total, patchesPerSecond: patches / Math.max(1e-3, mappingSeconds()) });
  };

  let modelWaitSeconds = 0;
  for (const [index, member] of members.entries()) {
    signal?.throwIfAborted();
    const loading = performance.now();
    const classifier = await options.loadModel(member, index);
    loadingMs += performance.now() - loading;
    const pass = await mapMember({
      reader,
      settings,
      grid,
      toScene,
      manifest: member.manifest,
      index,
      classifier,
      fusion,
      views,
      batchCells: options.batchCells,
      signal,
      onProgress: (n, p) => {
        done += n;
        patches += p;
        report();
      },
    });
    modelWaitSeconds += pass.waitedSeconds;
  }
  report(true);

  const fused = finishFusion(fusion);
  let predictedCells = 0;
  for (let i = 0; i < cells; i++) if (fused.classes[i]) predictedCells++;
  return {
    grid,
    fused,
    stats: { cells, predictedCells, patches, seconds: mappingSeconds(), modelWaitSeconds },
  };
}
