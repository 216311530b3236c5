import type { TypedArray } from 'geotiff';
import { converter, mapProj4, type Georeferenced } from '../raster/projection';

/**
 * How one grid (the source: a second map, a reference map) is read at the cells of another (the target, whose grid
 * every count is made on): each target cell takes the source cell under its centre (nearest neighbour), the centre
 * reprojected when the CRSs differ. Used row range by row range, so a caller reads only the source rows one range
 * needs (map comparison streams both maps), or the whole source when it is in memory (map evaluation).
 */

/** Same size, CRS and geotransform (to 1e-9 relative): cell i of one is cell i of the other. */
export function sameGrid(a: Georeferenced, b: Georeferenced): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.crs.proj4 === b.crs.proj4 &&
    a.geoTransform.every((v, i) => Math.abs(v - b.geoTransform[i]!) < 1e-9 * Math.max(1, Math.abs(v)))
  );
}

/** Where the target cells of rows [r0, r1) fall in the source: column and row of each, -1 off the source. */
export interface SourceCells {
  r0: number;
  r1: number;
  cols: Int32Array;
  rows: Int32Array;
  /** Source rows [top, bottom) that hold every located cell; top === bottom when none is on the source. */
  top: number;
  bottom: number;
}

/** Points along each edge of a grid when its outline is projected: enough for the curved outline of a UTM zone in degrees. */
const OUTLINE_STEPS = 32;

export class GridAlignment {
  /** Cell for cell: nothing to locate, source row r is target row r. */
  readonly identical: boolean;
  private readonly toSource: ((x: number, y: number) => [number, number]) | null;

  constructor(
    readonly target: Georeferenced,
    readonly source: Georeferenced,
  ) {
    for (const grid of [target, source]) {
      if (grid.geoTransform[2] !== 0 || grid.geoTransform[4] !== 0) throw new Error(`${grid.path || 'a grid'}: rotated grids cannot be aligned (the readers refuse them)`);
    }
    this.identical = sameGrid(target, source);
    const from = mapProj4(target);
    const to = mapProj4(source);
    if (from === to) {
      this.toSource = null;
    } else {
      const c = converter(from, to);
      this.toSource = (x, y) => c.forward([x, y]) as [number, number];
    }
  }

  /** Source pixel coordinates (fractional) of a target CRS point into `out`; false where the projection fails. */
  private sourcePixel(x: number, y: number, out: Float64Array): boolean {
    let sx = x;
    let sy = y;
    if (this.toSource) {
      try {
        [sx, sy] = this.toSource(x, y);
      } catch {
        return false;
      }
    }
    // Both grids are north-up (the readers refuse rotated ones): no rotation terms to invert.
    const gt = this.source.geoTransform;
    out[0] = (sx - gt[0]) / gt[1];
    out[1] = (sy - gt[3]) / gt[5];
    return Number.isFinite(out[0]) && Number.isFinite(out[1]);
  }

  locate(r0: number, r1: number): SourceCells {
    const { width, geoTransform: gt } = this.target;
    const n = (r1 - r0) * width;
    const cols = new Int32Array(n);
    const rows = new Int32Array(n);
    const at = new Float64Array(2);
    let top = Infinity;
    let bottom = -Infinity;
    for (let r = r0; r < r1; r++) {
      const y = gt[3] + (r + 0.5) * gt[5];
      for (let c = 0; c < width; c++) {
        const i = (r - r0) * width + c;
        const found = this.sourcePixel(gt[0] + (c + 0.5) * gt[1], y, at);
        const sc = found ? Math.floor(at[0]!) : -1;
        const sr = found ? Math.floor(at[1]!) : -1;
        if (sc >= 0 && sc < this.source.width && sr >= 0 && sr < this.source.height) {
          cols[i] = sc;
          rows[i] = sr;
          if (sr < top) top = sr;
          if (sr > bottom) bottom = sr;
        } else {
          cols[i] = -1;
          rows[i] = -1;
        }
      }
    }
    return Number.isFinite(top) ? { r0, r1, cols, rows, top, bottom: bottom + 1 } : { r0, r1, cols, rows, top: 0, bottom: 0 };
  }

  /**
   * Whether the target's outline, projected into the source, can touch the source's extent. A cheap check before
   * any pixel is read: false means the grids certainly do not overlap (true may still find no common cell).
   */
  outlinesMeet(): boolean {
    if (this.identical) return true;
    const { width, height, geoTransform } = this.target;
    let minC = Infinity;
    let maxC = -Infinity;
    let minR = Infinity;
    let maxR = -Infinity;
    const at = new Float64Array(2);
    for (let s = 0; s <= OUTLINE_STEPS; s++) {
      const f = s / OUTLINE_STEPS;
      for (const [c, r] of [[f * width, 0], [f * width, height], [0, f * height], [width, f * height]] as const) {
        if (!this.sourcePixel(geoTransform[0] + c * geoTransform[1], geoTransform[3] + r * geoTransform[5], at)) continue;
        minC = Math.min(minC, at[0]!);
        maxC = Math.max(maxC, at[0]!);
        minR = Math.min(minR, at[1]!);
        maxR = Math.max(maxR, at[1]!);
      }
    }
    return minC < this.source.width && maxC > 0 && minR < this.source.height && maxR > 0;
  }
}

/**
 * The source values at the located target cells: `window` holds source rows [windowTop, ...) of `sourceWidth`
 * values each; cells off the source get `fill`.
 */
export function gatherCells(located: SourceCells, window: ArrayLike<number>, windowTop: number, sourceWidth: number, out: TypedArray | Float64Array, fill: number): void {
  const { cols, rows } = located;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    out[i] = c < 0 ? fill : window[(rows[i]! - windowTop) * sourceWidth + c]!;
  }
}
