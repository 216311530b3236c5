/**
 * Features of every output cell (100 m by default) of a scene, for the random forest: per band the mean and spread of
 * the cell's pixels (reflectance), NDVI (mean and spread), NDBI and MNDWI where the bands exist, a simple texture
 * (mean absolute difference of neighbouring pixels' brightness), and the cell's 3 x 3 neighbourhood (mean NDVI, NDBI,
 * brightness, and the spread of brightness), which says what a 100 m cell is part of: LCZs are patterns at that scale.
 *
 * The scene is read once, in windows of rows, so memory follows the grid (a few dozen numbers per cell: about 400 MB
 * for a full Sentinel-2 tile of 1,098 x 1,098 cells), never the scene's pixels.
 */
import { bandSpec, type CommonBand } from '../../shared/bands';
import type { SceneSettings } from '../../shared/contract/scenes';
import { UserError } from '../../shared/errors';
import type { OutputGrid } from '../mapping/output-grid';
import { isNoData } from '../scenes/no-data';
import type { SceneReader } from '../scenes/scene-reader';
import type { FeatureTable } from './feature-ranks';
import { sceneRowsOf } from './grid-crop';
import { pixelCells } from './pixel-cells';

export interface CellFeatures {
  names: string[];
  /** grid cells x features, row-major; NaN in every feature of a cell that is mostly no data. */
  table: FeatureTable;
  /** 1 for cells with features. */
  valid: Uint8Array;
}

/** Raw samples per window read: a few tens of MB whatever the scene's width. */
const WINDOW_SAMPLES = 8 * 1024 * 1024;

interface Layout {
  /** File band index of each band used, and its name. */
  fileBands: number[];
  names: string[];
  red: number;
  green: number;
  nir: number;
  swir1: number;
  /** Accumulators per cell: per band sum and sum of squares, then the indices, texture and the pixel count. */
  stride: number;
}

function layoutOf(settings: SceneSettings, scenePath: string): Layout {
  const fileBands: number[] = [];
  const names: string[] = [];
  settings.bands.forEach((id, i) => {
    if (id === null) return;
    fileBands.push(i);
    names.push(id);
  });
  if (fileBands.length === 0) throw new UserError('has no band named in its band mapping; name the bands before training', scenePath);
  const find = (common: CommonBand) => names.findIndex((id) => bandSpec(id)?.common === common);
  return { fileBands, names, red: find('red'), green: find('green'), nir: find('nir'), swir1: find('swir1'), stride: 2 * fileBands.length + 7 };
}

/** Computes the features of every cell of `grid` over the scene. */
export async function cellFeatures(reader: SceneReader, settings: SceneSettings, grid: OutputGrid, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<CellFeatures> {
  const { scene } = reader;
  const L = layoutOf(settings, scene.path);
  const B = L.fileBands.length;
  const cells = grid.width * grid.height;
  const acc = new Float64Array(cells * L.stride);
  const toCell = pixelCells(scene, grid);
  const rowCells = new Int32Array(scene.width);
  const reflect = new Float64Array(B);
  let above = new Float64Array(scene.width).fill(NaN); // brightness of the row above, for vertical texture
  let here = new Float64Array(scene.width);
  const step = Math.max(1, Math.floor(WINDOW_SAMPLES / (scene.width * B)));
  const [iNdvi, iNdbi, iMndwi, iTex, iTexN, iCount] = [2 * B, 2 * B + 2, 2 * B + 3, 2 * B + 4, 2 * B + 5, 2 * B + 6];
  const nd = (a: number, b: number) => (a + b !== 0 ? (a - b) / (a + b) : 0);
  // Only the rows under the grid (a grid cropped to the training areas reads a strip of the scene).
  const [first, last] = sceneRowsOf(grid, scene);
  for (let y0 = first; y0 < last; y0 += step) {
    signal?.throwIfAborted();
    const win = await reader.read(y0, Math.min(last, y0 + step), L.fileBands, signal);
    for (let r = 0; r < win.rows; r++) {
      toCell.row(win.y0 + r, rowCells);
      const offset = r * win.width;
      for (let x = 0; x < scene.width; x++) {
        here[x] = NaN;
        const cell = rowCells[x]!;
        if (cell < 0) continue;
        let bad = false;
        let brightness = 0;
        for (let b = 0; b < B; b++) {
          const raw = win.bands[b]![offset + x]!;
          if (isNoData(raw, scene.nodata)) {
            bad = true;
            break;
          }
          reflect[b] = raw * settings.scale + settings.offset;
          brightness += reflect[b]!;
        }
        if (bad) continue;
        brightness /= B;
        here[x] = brightness;
        const base = cell * L.stride;
        for (let b = 0; b < B; b++) {
          const v = reflect[b]!;
          acc[base + 2 * b]! += v;
          acc[base + 2 * b + 1]! += v * v;
        }
        if (L.red >= 0 && L.nir >= 0) {
          const v = nd(reflect[L.nir]!, reflect[L.red]!);
          acc[base + iNdvi]! += v;
          acc[base + iNdvi + 1]! += v * v;
        }
        if (L.swir1 >= 0 && L.nir >= 0) acc[base + iNdbi]! += nd(reflect[L.swir1]!, reflect[L.nir]!);
        if (L.green >= 0 && L.swir1 >= 0) acc[base + iMndwi]! += nd(reflect[L.green]!, reflect[L.swir1]!);
        let diffs = 0;
        let n = 0;
        if (x > 0 && here[x - 1]! === here[x - 1]!) {
          diffs += Math.abs(brightness - here[x - 1]!);
          n++;
        }
        if (above[x]! === above[x]!) {
          diffs += Math.abs(brightness - above[x]!);
          n++;
        }
        acc[base + iTex]! += diffs;
        acc[base + iTexN]! += n;
        acc[base + iCount]!++;
      }
      [above, here] = [here, above];
    }
    onProgress?.(win.y0 + win.rows - first, last - first);
  }
  return finish(acc, L, grid, scene.pixelSizeM, scene.pixelHeightM);
}

function finish(acc: Float64Array, L: Layout, grid: OutputGrid, pixelW: number, pixelH: number): CellFeatures {
  const B = L.fileBands.length;
  const cells = grid.width * grid.height;
  const hasNdvi = L.red >= 0 && L.nir >= 0;
  const hasNdbi = L.swir1 >= 0 && L.nir >= 0;
  const hasMndwi = L.green >= 0 && L.swir1 >= 0;
  const names = [...L.names.flatMap((n) => [`${n} mean`, `${n} sd`]), ...(hasNdvi ? ['NDVI mean', 'NDVI sd'] : []), ...(hasNdbi ? ['NDBI mean'] : []), ...(hasMndwi ? ['MNDWI mean'] : []), 'texture'];
  const own = names.length;
  const context = [...(hasNdvi ? ['NDVI 3x3 mean'] : []), ...(hasNdbi ? ['NDBI 3x3 mean'] : []), 'brightness 3x3 mean', 'brightness 3x3 sd'];
  const F = own + context.length;
  const values = new Float32Array(cells * F).fill(NaN);
  const valid = new Uint8Array(cells);
  // A cell is mapped when at least half its pixels are data (the mapping engine's rule for patches).
  const expected = (grid.resolutionM / pixelW) * (grid.resolutionM / pixelH);
  const minimum = Math.max(1, 0.5 * expected);
  const brightness = new Float64Array(cells).fill(NaN);
  const sd = (sum: number, sumsq: number, n: number) => Math.sqrt(Math.max(0, sumsq / n - (sum / n) ** 2));
  for (let cell = 0; cell < cells; cell++) {
    const a = cell * L.stride;
    const n = acc[a + 2 * B + 6]!;
    if (n < minimum) continue;
    valid[cell] = 1;
    const o = cell * F;
    let k = 0;
    let bright = 0;
    for (let b = 0; b < B; b++) {
      values[o + k++] = acc[a + 2 * b]! / n;
      values[o + k++] = sd(acc[a + 2 * b]!, acc[a + 2 * b + 1]!, n);
      bright += acc[a + 2 * b]! / n / B;
    }
    brightness[cell] = bright;
    if (hasNdvi) {
      values[o + k++] = acc[a + 2 * B]! / n;
      values[o + k++] = sd(acc[a + 2 * B]!, acc[a + 2 * B + 1]!, n);
    }
    if (hasNdbi) values[o + k++] = acc[a + 2 * B + 2]! / n;
    if (hasMndwi) values[o + k++] = acc[a + 2 * B + 3]! / n;
    const texN = acc[a + 2 * B + 5]!;
    values[o + k] = texN > 0 ? acc[a + 2 * B + 4]! / texN : 0;
  }
  addContext(values, valid, brightness, grid, F, own, hasNdvi ? 2 * B : -1, hasNdbi ? 2 * B + (hasNdvi ? 2 : 0) : -1);
  return { names: [...names, ...context], table: { rows: cells, columns: F, values }, valid };
}

/** The 3 x 3 neighbourhood features, over the valid neighbours of each valid cell. */
function addContext(values: Float32Array, valid: Uint8Array, brightness: Float64Array, grid: OutputGrid, F: number, own: number, ndviAt: number, ndbiAt: number): void {
  const { width, height } = grid;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const cell = r * width + c;
      if (!valid[cell]) continue;
      let n = 0;
      let ndvi = 0;
      let ndbi = 0;
      let sum = 0;
      let sumsq = 0;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || rr >= height || cc < 0 || cc >= width || !valid[rr * width + cc]) continue;
          const other = rr * width + cc;
          n++;
          if (ndviAt >= 0) ndvi += values[other * F + ndviAt]!;
          if (ndbiAt >= 0) ndbi += values[other * F + ndbiAt]!;
          sum += brightness[other]!;
          sumsq += brightness[other]! ** 2;
        }
      }
      let k = cell * F + own;
      if (ndviAt >= 0) values[k++] = ndvi / n;
      if (ndbiAt >= 0) values[k++] = ndbi / n;
      values[k++] = sum / n;
      values[k] = Math.sqrt(Math.max(0, sumsq / n - (sum / n) ** 2));
    }
  }
}
