/**
 * The training table of a random forest as ranks: each feature column's values replaced by their rank among the
 * column's distinct values. A split then only ever compares small integers (sortable packed with the class in one
 * 32-bit key), and its threshold is put back in feature units as the midpoint between two neighbouring distinct
 * values, as scikit-learn's CART does, so predictions on new data compare raw values.
 */

/** A table of numbers, row-major: rows x columns. */
export interface FeatureTable {
  rows: number;
  columns: number;
  values: Float32Array;
}

export interface RankedTable {
  rows: number;
  columns: number;
  /** Column-major: ranks[column * rows + row]. */
  ranks: Uint32Array;
  /** Per column, its distinct values in increasing order (rank r is distinct[column][r]). */
  distinct: Float64Array[];
}

/** Ranks every column; values must be finite (cells without features are left out before training). */
export function rankColumns(table: FeatureTable): RankedTable {
  const { rows, columns, values } = table;
  const ranks = new Uint32Array(rows * columns);
  const distinct: Float64Array[] = [];
  const column = new Float64Array(rows);
  for (let j = 0; j < columns; j++) {
    for (let i = 0; i < rows; i++) {
      const v = values[i * columns + j]!;
      if (!Number.isFinite(v)) throw new RangeError(`feature ${j} of training row ${i} is not a finite number`);
      column[i] = v;
    }
    const sorted = column.slice().sort();
    let unique = 0;
    for (let i = 0; i < rows; i++) if (i === 0 || sorted[i] !== sorted[unique - 1]) sorted[unique++] = sorted[i]!;
    const levels = sorted.slice(0, unique);
    distinct.push(levels);
    for (let i = 0; i < rows; i++) ranks[j * rows + i] = lowerBound(levels, column[i]!);
  }
  return { rows, columns, ranks, distinct };
}

/** First index of `sorted` whose value is >= x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < x) low = mid + 1;
    else high = mid;
  }
  return low;
}
