import { describe, expect, it } from 'vitest';
import { calibration, fitTemperature, softmaxRows, temperatureNll } from '../../src/main/metrics/calibration';
import { pythonJson, pythonMissing } from '../helpers/python';

/** Overconfident logits: the right class wins 70 % of the time, by margins that claim more. */
function overconfident(n: number, k: number, seed = 5): { logits: Float32Array; labels: Uint8Array } {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const logits = new Float32Array(n * k);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = Math.floor(next() * k);
    labels[i] = label;
    const winner = next() < 0.7 ? label : Math.floor(next() * k);
    for (let c = 0; c < k; c++) logits[i * k + c] = (next() - 0.5) * 2 + (c === winner ? 6 : 0);
  }
  return { logits, labels };
}

describe('calibration', () => {
  it('bins a hand-made case exactly', () => {
    // Two samples at 0.9 (one right), one at 0.65 (right), two classes, 10 bins.
    const p = Float32Array.from([0.9, 0.1, 0.1, 0.9, 0.65, 0.35]);
    const c = calibration(p, [0, 0, 0], 2, 10);
    expect(c.bins[8]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(c.bins[8]!.confidence).toBeCloseTo(0.9, 6);
    expect(c.bins[6]).toMatchObject({ count: 1, accuracy: 1 });
    expect(c.ece).toBeCloseTo((2 / 3) * 0.4 + (1 / 3) * 0.35, 6);
    expect(c.mce).toBeCloseTo(0.4, 6);
  });

  it('fits a temperature that lowers the NLL and the ECE of overconfident logits', () => {
    const { logits, labels } = overconfident(3000, 17);
    const t = fitTemperature(logits, labels, 17);
    expect(t).toBeGreaterThan(1.2);
    expect(temperatureNll(logits, labels, 17, t)).toBeLessThan(temperatureNll(logits, labels, 17, 1));
    const before = calibration(softmaxRows(logits, 17), labels, 17).ece;
    const after = calibration(softmaxRows(logits, 17, t), labels, 17).ece;
    expect(after).toBeLessThan(before / 2);
  });

  it.skipIf(pythonMissing('numpy', 'scipy'))('agrees with numpy/scipy on ECE, MCE and the fitted temperature', () => {
    const { logits, labels } = overconfident(2000, 17, 9);
    const t = fitTemperature(logits, labels, 17);
    const probs = softmaxRows(logits, 17);
    const ours = calibration(probs, labels, 17, 15);
    const script = `import sys, json, numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp
d = json.load(sys.stdin); z = np.array(d['z'], dtype=np.float64).reshape(-1, 17); y = np.array(d['y'])
def nll(logt):
    s = z / np.exp(logt); return float(np.mean(logsumexp(s, axis=1) - s[np.arange(len(y)), y]))
t = float(np.exp(minimize_scalar(nll, bounds=(np.log(0.05), np.log(20)), method='bounded', options={'xatol': 1e-8}).x))
p = np.exp(z - logsumexp(z, axis=1, keepdims=True)); conf = p.max(1); right = p.argmax(1) == y
edges = np.linspace(0, 1, 16); ece = 0.0; mce = 0.0
for lo, hi in zip(edges[:-1], edges[1:]):
    m = (conf > lo) & (conf <= hi)
    if m.any():
        g = abs(right[m].mean() - conf[m].mean()); ece += m.mean() * g; mce = max(mce, g)
print(json.dumps({'t': t, 'ece': ece, 'mce': mce}))`;
    const ref = pythonJson<{ t: number; ece: number; mce: number }>(script, JSON.stringify({ z: Array.from(logits), y: Array.from(labels) }));
    expect(t).toBeCloseTo(ref.t, 3);
    expect(ours.ece).toBeCloseTo(ref.ece, 5);
    expect(ours.mce).toBeCloseTo(ref.mce, 5);
  });
});
