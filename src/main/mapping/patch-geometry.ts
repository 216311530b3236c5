import type { OutputGrid } from './output-grid';

/** Where one patch lies in the scene: a local affine map from patch pixel (row a, col b) to scene pixel coordinates. */
export interface CellPatch {
  /** Scene pixel coordinates (continuous; pixel k spans [k, k+1)) of the centre of patch pixel (0, 0). */
  u0: number;
  v0: number;
  /** Change of (u, v) per patch column (b) and per patch row (a). */
  dub: number;
  dvb: number;
  dua: number;
  dva: number;
  /**
   * The patch pixels are exactly scene pixels (same size, same edges): copied, not interpolated.
   * Then (c0, r0) is the scene pixel under patch pixel (0, 0).
   */
  aligned: boolean;
  c0: number;
  r0: number;
}

export interface PatchSpec {
  /** Patch side in pixels. */
  size: number;
  /** Patch pixel size in metres (the model's input resolution). */
  resolutionM: number;
}

const EPS = 1e-6;
const nearInteger = (x: number): boolean => Math.abs(x - Math.round(x)) < EPS;

/**
 * The patch centred on output cell (row, col), as scene pixel coordinates. The map is linearised at the cell
 * centre, which is exact without a reprojection and within a small fraction of a pixel across a 320 m patch with one.
 */
export function cellPatch(grid: OutputGrid, toScene: (x: number, y: number) => [number, number], spec: PatchSpec, row: number, col: number): CellPatch {
  const [gx0, res, , gy0, , resY] = grid.geoTransform;
  const cx = gx0 + (col + 0.5) * res;
  const cy = gy0 + (row + 0.5) * resY;
  const step = spec.resolutionM / grid.metresPerUnit;
  const [u, v] = toScene(cx, cy);
  const [ux, vx] = toScene(cx + step, cy);
  const [uy, vy] = toScene(cx, cy - step);
  const dub = ux - u;
  const dvb = vx - v;
  const dua = uy - u;
  const dva = vy - v;
  const half = spec.size / 2 - 0.5;
  const u0 = u - half * dub - half * dua;
  const v0 = v - half * dvb - half * dva;
  const aligned =
    Math.abs(dub - 1) < EPS && Math.abs(dva - 1) < EPS && Math.abs(dvb) < EPS && Math.abs(dua) < EPS && nearInteger(u0 - 0.5) && nearInteger(v0 - 0.5);
  return { u0, v0, dub, dvb, dua, dva, aligned, c0: Math.round(u0 - 0.5), r0: Math.round(v0 - 0.5) };
}

/** The scene rows a patch reads (before reflection at the scene's edges), inclusive, with a row to spare for interpolation. */
export function patchRows(p: CellPatch, size: number): [number, number] {
  const last = size - 1;
  const vs = [p.v0, p.v0 + last * p.dvb, p.v0 + last * p.dva, p.v0 + last * (p.dvb + p.dva)];
  return [Math.floor(Math.min(...vs) - 0.5), Math.ceil(Math.max(...vs) - 0.5) + 1];
}

/**
 * Does the cell's footprint reach onto the scene? The grid's last row and column usually reach past the scene's
 * edge (a 352-pixel scene of 28.5 m makes 101 rows of 100 m, the last one 32 % on the scene): they are mapped, their
 * patches padded by reflection like any edge patch, so the scene's lower and right edges are not lost. Only cells
 * wholly off the scene (a reprojected scene's corners) are left out. `cellPx` is the cell's side in patch pixels.
 */
export function cellOnScene(p: CellPatch, size: number, cellPx: number, sceneWidth: number, sceneHeight: number): boolean {
  const half = (size - 1) / 2;
  const u = p.u0 + half * (p.dub + p.dua);
  const v = p.v0 + half * (p.dvb + p.dva);
  // Half the footprint's extent in scene pixels, less a hair so a cell that only touches the edge stays out.
  const hu = (cellPx / 2) * (Math.abs(p.dub) + Math.abs(p.dua)) - EPS;
  const hv = (cellPx / 2) * (Math.abs(p.dvb) + Math.abs(p.dva)) - EPS;
  return u + hu > 0 && u - hu < sceneWidth && v + hv > 0 && v - hv < sceneHeight;
}

/** Symmetric padding (numpy's "symmetric"): index -1 reads 0, -2 reads 1; n reads n - 1. */
export function reflect(k: number, n: number): number {
  if (k >= 0 && k < n) return k;
  const period = 2 * n;
  const m = ((k % period) + period) % period; // also turns -0 into 0
  return m < n ? m : period - m - 1;
}
