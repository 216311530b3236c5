/**
 * Jensen-Shannon divergence of two discrete distributions, base 2: 0 for identical vectors, 1 for vectors with no
 * class in common. Symmetric and always finite (unlike Kullback-Leibler), so it suits two maps' class probabilities
 * where one model gives a class exactly 0.
 */

/**
 * JS(p, q) = 1/2 KL(p || m) + 1/2 KL(q || m), m = (p + q) / 2. p and q are normalised here to sum 1: stored
 * probabilities (x 10^4, rounded) rarely sum exactly to 1. Returns null when either vector sums to 0.
 */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number | null {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  if (!(sp > 0) || !(sq > 0)) return null;
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    if (a > 0) sum += a * Math.log2(a / m);
    if (b > 0) sum += b * Math.log2(b / m);
  }
  // Rounding can leave a hair below 0 or above 1.
  return Math.min(1, Math.max(0, sum / 2));
}
