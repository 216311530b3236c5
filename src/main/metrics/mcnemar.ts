/**
 * McNemar's test of two classifiers on the same cells (Dietterich 1998): only the discordant cells count, b where
 * the first is right and the second wrong, c the reverse. Under "equally accurate", b ~ Binomial(b + c, 1/2).
 */

/** Below this many discordant cells the chi-square approximation is poor: the exact binomial p is given instead. */
export const EXACT_BELOW = 25;

export interface McNemar {
  /** Cells the first map gets right and the second wrong. */
  b: number;
  /** Cells the second map gets right and the first wrong. */
  c: number;
  /**
   * 'chi-square' (with Edwards' continuity correction, 1 degree of freedom) when b + c >= EXACT_BELOW;
   * 'exact-binomial' (two-sided) below.
   */
  method: 'chi-square' | 'exact-binomial';
  /** (|b - c| - 1)^2 / (b + c); 0 when b + c = 0. Given for both methods. */
  statistic: number;
  pValue: number;
}

export function mcnemar(b: number, c: number): McNemar {
  const n = b + c;
  const statistic = n > 0 ? (Math.max(0, Math.abs(b - c) - 1) ** 2) / n : 0;
  if (n < EXACT_BELOW) return { b, c, method: 'exact-binomial', statistic, pValue: exactBinomialTwoSided(Math.min(b, c), n) };
  return { b, c, method: 'chi-square', statistic, pValue: chiSquare1Sf(statistic) };
}

/** P(X >= x) for chi-square with 1 degree of freedom: erfc(sqrt(x / 2)). */
export function chiSquare1Sf(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}

/** Two-sided exact p for k = min(b, c) of n at p = 1/2: 2 P(X <= k), at most 1. */
function exactBinomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  // Terms in log space: C(n, i) / 2^n underflows for large n only, but logs cost nothing here.
  let logTerm = -n * Math.LN2; // i = 0
  let tail = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i);
    tail += Math.exp(logTerm);
  }
  return Math.min(1, 2 * tail);
}

/**
 * Complementary error function with relative error under 1.2e-7 everywhere (Numerical Recipes' erfcc, a Chebyshev
 * fit): p-values are read to two significant digits, and far in the tail the relative error still holds.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
