/**
 * Training areas over a scene, ready to train on: placed on the output grid, the scene's cell features computed,
 * and the checks run with what both say. `lcz areas check` stops here; an areas-map job goes on to train.
 */
import type { AreasCheck, TrainingArea } from '../../shared/contract/areas';
import type { SceneSettings } from '../../shared/contract/scenes';
import { UserError } from '../../shared/errors';
import { outputGrid, type OutputGrid } from '../mapping/output-grid';
import type { SceneReader } from '../scenes/scene-reader';
import { polygonBounds } from './area-polygons';
import { areasOnGrid, type AreaCells } from './area-cells';
import type { CellFeatures } from './cell-features';
import { checkAreas } from './checks';
import { FeatureCache } from './feature-cache';
import { cropGrid } from './grid-crop';

export interface PreparedAreas {
  grid: OutputGrid;
  features: CellFeatures;
  /** Each area with its training cells (cells without scene data removed). */
  areas: AreaCells[];
  check: AreasCheck;
}

export interface PrepareOptions {
  resolutionM: number;
  /** Cells beyond the areas' bounds to include (null: the whole scene). */
  marginM: number | null;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Where whole-scene features are kept between runs (none: computed each time). */
  cache?: FeatureCache;
}

/** The check's errors as one message naming the areas' file. */
export function requireTrainable(check: AreasCheck, areasPath: string): void {
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new UserError(`cannot be trained on: ${errors.map((e) => e.message).join('; ')}`, areasPath);
}

export async function prepareAreas(areas: readonly TrainingArea[], reader: SceneReader, settings: SceneSettings, options: PrepareOptions): Promise<PreparedAreas> {
  const whole = outputGrid(reader.scene, options.resolutionM);
  const grid = options.marginM === null ? whole : cropGrid(whole, polygonBounds(areas.map((a) => a.geometry)), options.marginM);
  const onGrid = areasOnGrid(areas, grid);
  const cache = options.cache ?? new FeatureCache(null);
  const features = await cache.features(reader, settings, whole, grid, options.signal, options.onProgress);
  const check = checkAreas({ onGrid, resolutionM: options.resolutionM, valid: features.valid });
  const usable = onGrid.areas.map((a) => ({ ...a, cells: a.cells.filter((cell) => features.valid[cell] === 1) }));
  return { grid, features, areas: usable, check };
}
