/**
 * Training areas as So2Sat-format patches: the areas rasterised on the output grid as the label source (each cell an
 * area claims, conflicts already left out by area-cells.ts, is of the area's class with purity 1) and cut by the So2Sat
 * cutter (so2sat/cut/cut-patches.ts), so a CNN learns from what mapping will show it. Each area keeps the patches cut
 * from its cells, so the bootstrap splits the patches by polygon as it splits cells.
 */
import type { SceneSettings } from '../../../shared/contract/scenes';
import { UserError } from '../../../shared/errors';
import { classLabel } from '../class-folders';
import type { SceneReader } from '../../scenes/scene-reader';
import { cutPatches, type CutOptions } from '../../so2sat/cut/cut-patches';
import type { AreaCells } from '../area-cells';
import type { PreparedAreas } from '../prepare-areas';

/** Fewest patches a CNN is trained on: below it, a few batches would make the whole training. */
export const MIN_CNN_PATCHES = 50;

export interface AreaPatches {
  /** The areas with, as their cells, the indices of their patches in the file. */
  areas: AreaCells[];
  /** Patches per LCZ value (index value - 1). */
  classCounts: number[];
  total: number;
}

/** A UserError naming the areas' file when they give too few patches (per class counts said). */
export function requireEnoughPatches(classCounts: readonly number[], areasPath: string, what: string): void {
  const total = classCounts.reduce((a, b) => a + b, 0);
  if (total >= MIN_CNN_PATCHES) return;
  const per = classCounts.flatMap((n, i) => (n ? [`${classLabel(i + 1)}: ${n}`] : [])).join(', ');
  throw new UserError(
    `gives only ${total} ${what} (${per || 'none'}) to train a CNN on; it needs at least ${MIN_CNN_PATCHES}: draw more or larger areas, or use the random forest (--classifier rf)`,
    areasPath,
  );
}

export async function cutAreaPatches(
  reader: SceneReader,
  settings: SceneSettings,
  prepared: PreparedAreas,
  cut: { out: string; areasPath: string; seed: number },
  options: CutOptions,
): Promise<AreaPatches> {
  const { grid } = prepared;
  const cells = grid.width * grid.height;
  const labels = new Uint8Array(cells);
  const owner = new Int32Array(cells).fill(-1);
  prepared.areas.forEach((a, index) => {
    for (const cell of a.cells) {
      labels[cell] = a.area.lcz;
      owner[cell] = index;
    }
  });
  const result = await cutPatches(
    reader,
    settings,
    {
      grid,
      labels: { labels, purity: Float64Array.from(labels, (l) => (l ? 1 : 0)) },
      out: cut.out,
      dtype: 'float32',
      perClassCap: null,
      minPurity: 1,
      maxCloud: 0.1,
      seed: cut.seed,
      description: `So2Sat LCZ42-format patches cut by LCZ Studio from ${reader.scene.path} at the cells of the training areas in ${cut.areasPath}.`,
      labelSource: cut.areasPath,
    },
    options,
  );
  const byArea: number[][] = prepared.areas.map(() => []);
  result.cells.forEach((cell, patch) => byArea[owner[cell]!]!.push(patch));
  const total = result.cells.length;
  return { areas: prepared.areas.map((a, i) => ({ ...a, cells: Int32Array.from(byArea[i]!) })), classCounts: result.classCounts, total };
}
