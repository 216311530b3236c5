// The comparison's statistics as pure formulas, against scipy: McNemar's test (chi-square with continuity correction,
// exact binomial for few discordant cells), the Jensen-Shannon divergence (base 2), Pontius's quantity and allocation.
import { describe, expect, it } from 'vitest';
import { jensenShannon } from '../../src/main/metrics/jensen-shannon';
import { EXACT_BELOW, mcnemar } from '../../src/main/metrics/mcnemar';
import { quantityAllocation } from '../../src/main/metrics/pontius';
import { pythonJson, pythonMissing } from '../helpers/python';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('Pontius quantity and allocation disagreement', () => {
  it('splits the disagreement of a small matrix as worked by hand', () => {
    // rows .3 .7, columns .5 .5, diagonal .2 .4: Q = (.2 + .2) / 2, A = (2 x .1 + 2 x .1) / 2.
    const d = quantityAllocation([[2, 1], [3, 4]]);
    expect(d.agreement).toBeCloseTo(0.6, 15);
    expect(d.quantity).toBeCloseTo(0.2, 15);
    expect(d.allocation).toBeCloseTo(0.2, 15);
  });

  it('adds up to 1 - agreement on any matrix', () => {
    const next = random(5);
    for (let t = 0; t < 50; t++) {
      const m = Array.from({ length: 17 }, () => Array.from({ length: 17 }, () => (next() < 0.6 ? 0 : Math.floor(next() * 1000))));
      const d = quantityAllocation(m);
      expect(d.quantity + d.allocation).toBeCloseTo(1 - d.agreement, 12);
      expect(d.quantity).toBeGreaterThanOrEqual(0);
      expect(d.allocation).toBeGreaterThanOrEqual(0);
    }
    expect(quantityAllocation([[0, 0], [0, 0]])).toEqual({ agreement: 1, quantity: 0, allocation: 0 });
  });
});

describe.skipIf(pythonMissing('scipy'))('McNemar and Jensen-Shannon against scipy', () => {
  it('gives scipy\'s p: exact binomial under 25 discordant cells, chi-square with continuity correction from 25', () => {
    const pairs: [number, number][] = [[0, 0], [0, 1], [3, 9], [12, 12], [0, 24], [24, 0], [5, 20], [12, 13], [40, 60], [1000, 1130], [400, 900], [10, 4000], [123456, 120000]];
    const want = pythonJson<{ stat: number; p: number }[]>(
      `import sys, json
from scipy import stats
out = []
for b, c in json.loads(sys.stdin.read()):
    n = b + c
    stat = (max(0, abs(b - c) - 1) ** 2) / n if n else 0.0
    p = stats.binomtest(min(b, c), n, 0.5).pvalue if 0 < n < ${EXACT_BELOW} else (1.0 if n == 0 else stats.chi2.sf(stat, 1))
    out.append({'stat': stat, 'p': float(p)})
print(json.dumps(out))`,
      JSON.stringify(pairs),
    );
    pairs.forEach(([b, c], i) => {
      const got = mcnemar(b, c);
      expect(got.method).toBe(b + c < EXACT_BELOW ? 'exact-binomial' : 'chi-square');
      expect(got.statistic, `${b}, ${c}`).toBeCloseTo(want[i]!.stat, 9);
      // Numerical Recipes' erfc: relative error under 1.2e-7, far into the tail too (p = 1e-800 underflows to 0 in both).
      expect(Math.abs(got.pValue - want[i]!.p), `${b}, ${c}: ${got.pValue} vs ${want[i]!.p}`).toBeLessThanOrEqual(2e-7 * want[i]!.p + 1e-300);
    });
  });

  it('gives the square of scipy\'s Jensen-Shannon distance, base 2, normalising each vector', () => {
    const next = random(9);
    const vectors = Array.from({ length: 40 }, () => [0, 1].map(() => Array.from({ length: 17 }, () => (next() < 0.5 ? 0 : Math.round(next() * 10000)))));
    vectors.push([Array.from({ length: 17 }, (_, k) => (k === 0 ? 10000 : 0)), Array.from({ length: 17 }, (_, k) => (k === 16 ? 9999 : 0))]);
    const want = pythonJson<number[]>(
      `import sys, json
from scipy.spatial.distance import jensenshannon
print(json.dumps([float(jensenshannon(p, q, base=2) ** 2) for p, q in json.loads(sys.stdin.read())]))`,
      JSON.stringify(vectors),
    );
    vectors.forEach(([p, q], i) => expect(jensenShannon(p!, q!), `pair ${i}`).toBeCloseTo(want[i]!, 12));
    expect(want.at(-1)).toBeCloseTo(1, 12); // no class in common
    expect(jensenShannon(vectors[0]![0]!, vectors[0]![0]!)).toBe(0);
    expect(jensenShannon(new Array(17).fill(0), vectors[0]![0]!)).toBeNull();
  });
});
