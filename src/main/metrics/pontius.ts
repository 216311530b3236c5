/**
 * Quantity and allocation disagreement of two maps (Pontius & Millones 2011), the figures that replace kappa when
 * two maps are compared with each other rather than with the truth. With p the proportion matrix (rows map A,
 * columns map B): Q = 1/2 sum_g |row_g - col_g|, A = 1/2 sum_g 2 min(row_g - p_gg, col_g - p_gg), and
 * Q + A = 1 - agreement.
 */
export interface Disagreement {
  /** Share of the diagonal. */
  agreement: number;
  /** Disagreement because the maps hold different amounts of each class. */
  quantity: number;
  /** Disagreement because the same amounts sit in different places. */
  allocation: number;
}

/** From a square matrix of counts (or areas), rows map A, columns map B; an empty matrix agrees fully. */
export function quantityAllocation(matrix: readonly (readonly number[])[]): Disagreement {
  const k = matrix.length;
  let total = 0;
  for (const row of matrix) for (const v of row) total += v;
  if (total === 0) return { agreement: 1, quantity: 0, allocation: 0 };
  let diagonal = 0;
  let quantity = 0;
  let allocation = 0;
  for (let g = 0; g < k; g++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += matrix[g]![j]!;
      col += matrix[j]![g]!;
    }
    const same = matrix[g]![g]!;
    diagonal += same;
    quantity += Math.abs(row - col);
    allocation += 2 * Math.min(row - same, col - same);
  }
  return { agreement: diagonal / total, quantity: quantity / 2 / total, allocation: allocation / 2 / total };
}
