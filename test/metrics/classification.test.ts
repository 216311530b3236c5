import { describe, expect, it } from 'vitest';
import { addToConfusion, emptyConfusion, metricsFromConfusion } from '../../src/main/metrics/classification';
import { pythonJson, pythonMissing } from '../helpers/python';

const reason = pythonMissing('sklearn', 'numpy');

/** Pseudo-random but class-correlated labels, with some no data (0) in both. */
function labels(n: number): { truth: number[]; predicted: number[] } {
  let s = 99;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const truth: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = next() < 0.05 ? 0 : 1 + Math.floor(next() ** 2 * 17);
    truth.push(t);
    predicted.push(next() < 0.03 ? 0 : next() < 0.7 ? t || 3 : 1 + Math.floor(next() * 17));
  }
  return { truth, predicted };
}

describe.skipIf(reason)('classification metrics', () => {
  it('agree with scikit-learn on OA, kappa, per-class F1 and the confusion matrix', () => {
    const { truth, predicted } = labels(5000);
    const confusion = emptyConfusion();
    addToConfusion(confusion, truth, predicted);
    const ours = metricsFromConfusion(confusion);
    const script = `import json, sys, numpy as np
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score, confusion_matrix
d = json.load(sys.stdin); t = np.array(d['t']); p = np.array(d['p']); keep = (t > 0) & (p > 0); t = t[keep]; p = p[keep]
labels = list(range(1, 18))
print(json.dumps({'oa': accuracy_score(t, p), 'kappa': cohen_kappa_score(t, p), 'n': int(keep.sum()),
  'f1': f1_score(t, p, labels=labels, average=None, zero_division=0).tolist(),
  'confusion': confusion_matrix(t, p, labels=labels).tolist()}))`;
    const ref = pythonJson<{ oa: number; kappa: number; n: number; f1: number[]; confusion: number[][] }>(script, JSON.stringify({ t: truth, p: predicted }));
    expect(ours.n).toBe(ref.n);
    expect(ours.oa).toBeCloseTo(ref.oa, 12);
    expect(ours.kappa).toBeCloseTo(ref.kappa, 12);
    expect(ours.confusion).toEqual(ref.confusion);
    ours.perClass.forEach((c, i) => expect(c.f1 ?? 0).toBeCloseTo(ref.f1[i]!, 12));
  });

  it('computes the WUDAPT built/natural and urban accuracies', () => {
    const confusion = emptyConfusion();
    addToConfusion(confusion, [1, 1, 2, 11, 12, 17], [1, 2, 11, 11, 17, 3]);
    const m = metricsFromConfusion(confusion);
    expect(m.oaUrban).toBeCloseTo(1 / 3, 12); // urban truths 1,1,2: only the first is right
    expect(m.oaBuiltNatural).toBeCloseTo(4 / 6, 12); // 1->2 and 11->11 and 12->17 agree in kind, 1->1 too; 2->11 and 17->3 do not
    // Credits: 1->1 1, 1->2 0.92, 2->11 0.42, 11->11 1, 12->17 0.75, 17->3 0.17 (Bechtel et al.'s weights).
    expect(m.oaWeighted).toBeCloseTo((1 + 0.92 + 0.42 + 1 + 0.75 + 0.17) / 6, 12);
  });

  it('uses a symmetric similarity table with full credit on the diagonal only', async () => {
    const { LCZ_SIMILARITY } = await import('../../src/main/metrics/lcz-similarity');
    expect(LCZ_SIMILARITY).toHaveLength(17);
    LCZ_SIMILARITY.forEach((row, i) => {
      expect(row).toHaveLength(17);
      row.forEach((w, j) => {
        expect(w).toBe(LCZ_SIMILARITY[j]![i]);
        expect(w === 1).toBe(i === j);
      });
    });
  });
});
