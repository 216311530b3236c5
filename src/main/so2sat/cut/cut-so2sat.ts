/**
 * Training data from an existing LCZ map, as the seed projects prepared theirs: So2Sat LCZ42-format patches cut from
 * a scene at the cells of the 100 m grid (cut-patches.ts), each labelled by the label raster's mode over the cell
 * (cell-labels.ts: any CRS, never averaged).
 */
import type { So2SatCutParams } from '../../../shared/contract/areas';
import { outputGrid } from '../../mapping/output-grid';
import { readLczMap } from '../../raster/read-lcz-map';
import { SceneReader } from '../../scenes/scene-reader';
import { checkSettings } from '../../scenes/scene-settings';
import { cellLabels } from './cell-labels';
import { cutPatches, sen2Sources, type CutOptions, type CutResult } from './cut-patches';

export type { CutOptions, CutResult } from './cut-patches';

const GRID_M = 100;

export async function cutSo2Sat(params: So2SatCutParams, options: CutOptions = {}): Promise<CutResult> {
  const reader = await SceneReader.open(params.scene, options.signal);
  try {
    checkSettings(reader.scene, params.settings);
    sen2Sources(params.settings, params.scene); // a scene without the bands is said before the labels are read
    options.onProgress?.({ stage: 'Reading the labels', done: 0, total: 1 });
    const map = await readLczMap(params.labels, options.signal);
    const grid = outputGrid(reader.scene, GRID_M);
    return await cutPatches(
      reader,
      params.settings,
      {
        grid,
        labels: cellLabels(grid, map),
        out: params.out,
        dtype: params.dtype,
        perClassCap: params.perClassCap,
        minPurity: params.minPurity,
        maxCloud: params.maxCloud,
        seed: params.seed,
        description: `So2Sat LCZ42-format patches cut by LCZ Studio from ${params.scene} with labels from ${params.labels} (mode over 100 m cells, purity >= ${params.minPurity}).`,
        labelSource: params.labels,
      },
      options,
    );
  } finally {
    await reader.close();
  }
}
