import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';

const K = LCZ_CLASS_COUNT;

/**
 * Value of a cell in the pair raster written during the pass: 0 no data in either map, 1 agreement, 2 + (a - 1) * 17
 * + (b - 1) for a disagreeing pair. Every ordered pair has a code here (UInt16); the Byte difference raster's codes
 * are chosen from it once all pairs are counted (difference-codes.ts).
 */
export const PAIR_NODATA = 0;
export const PAIR_AGREE = 1;
export const pairIndex = (a: number, b: number): number => 2 + (a - 1) * K + (b - 1);

/**
 * The cross-tabulation of two maps on one grid, counted row by row: cells, and area from each row's cell area
 * (rows of a geographic grid shrink towards the poles). Rows: map A, columns: map B.
 */
export class CrossTab {
  /** [(a - 1) * 17 + (b - 1)] cells and m². */
  readonly cells = new Float64Array(K * K);
  readonly m2 = new Float64Array(K * K);
  /** Cells holding a class in A, in B. */
  validA = 0;
  validB = 0;
  private readonly rowCounts = new Float64Array(K * K);

  /**
   * Adds one grid row: classes of A and B (0 = no data) for `width` cells from `offset`, every cell `cellM2` big;
   * writes each cell's pair code (see pairIndex) into `pairs` at the same place.
   */
  addRow(a: Uint8Array, b: Uint8Array, offset: number, width: number, cellM2: number, pairs: Uint16Array): void {
    const counts = this.rowCounts;
    counts.fill(0);
    for (let i = offset; i < offset + width; i++) {
      const ca = a[i]!;
      const cb = b[i]!;
      if (ca) this.validA++;
      if (cb) this.validB++;
      if (!ca || !cb) {
        pairs[i] = PAIR_NODATA;
        continue;
      }
      counts[(ca - 1) * K + (cb - 1)]!++;
      pairs[i] = ca === cb ? PAIR_AGREE : pairIndex(ca, cb);
    }
    for (let p = 0; p < K * K; p++) {
      const n = counts[p]!;
      if (n === 0) continue;
      this.cells[p]! += n;
      this.m2[p]! += n * cellM2;
    }
  }

  get compared(): number {
    let n = 0;
    for (const v of this.cells) n += v;
    return n;
  }

  /** 17 x 17 rows of `values` (cells or m2), scaled. */
  matrix(values: Float64Array = this.cells, scale = 1): number[][] {
    return Array.from({ length: K }, (_, i) => Array.from(values.subarray(i * K, (i + 1) * K), (v) => v * scale));
  }
}
