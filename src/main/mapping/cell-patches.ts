import type { SceneReader } from '../scenes/scene-reader';
import type { OutputGrid } from './output-grid';
import { gridToScenePixel } from './output-grid';
import { PatchExtractor } from './patch-extract';
import type { PatchFormat, WindowData } from './patch-format';
import type { PatchSpec } from './patch-geometry';
import { chunkPatches, outputRowsPerWindow, windowRowsFor } from './scene-windows';

export interface PatchBatch {
  /** Output cell index (row * grid.width + col) of each patch. */
  cells: Int32Array;
  /** n patches in the format's layout, normalised. */
  patches: Float32Array;
  n: number;
}

/**
 * The patch of every output cell of a scene (cells whose footprint is mostly no data are left out), in batches,
 * for tools that need patches rather than predictions: training sets cut from scenes, feature extraction.
 * `bands` are the file bands the format's `sources` index into.
 */
export async function* cellPatchBatches(
  reader: SceneReader,
  grid: OutputGrid,
  format: PatchFormat,
  spec: PatchSpec,
  bands: readonly number[],
  batchCells: number,
  signal?: AbortSignal,
): AsyncGenerator<PatchBatch> {
  const { scene } = reader;
  const toScene = gridToScenePixel(grid, scene);
  const extractor = new PatchExtractor(format);
  const length = format.size * format.size * format.sources.length;
  let cells = new Int32Array(batchCells);
  let patches = new Float32Array(batchCells * length);
  let n = 0;
  const chunkRows = outputRowsPerWindow(grid, scene.width, scene.pixelSizeM, bands.length, [spec]);
  for (let r0 = 0; r0 < grid.height; r0 += chunkRows) {
    signal?.throwIfAborted();
    const r1 = Math.min(grid.height, r0 + chunkRows);
    const list = chunkPatches(grid, toScene, spec, r0, r1);
    const rows = windowRowsFor(grid, [list], [spec], scene.width, scene.height);
    if (!rows) continue;
    const read = await reader.read(rows[0], rows[1], bands, signal);
    const win: WindowData = { y0: read.y0, rows: read.rows, width: read.width, sceneHeight: scene.height, bands: read.bands, nodata: scene.nodata };
    for (let i = 0; i < list.length; i++) {
      const patch = list[i];
      if (!patch) continue;
      if (extractor.extract(win, patch, patches, n * length) > 0.5) continue;
      cells[n++] = r0 * grid.width + i;
      if (n === batchCells) {
        yield { cells, patches, n };
        cells = new Int32Array(batchCells);
        patches = new Float32Array(batchCells * length);
        n = 0;
      }
    }
  }
  if (n > 0) yield { cells: cells.subarray(0, n), patches: patches.subarray(0, n * length), n };
}
