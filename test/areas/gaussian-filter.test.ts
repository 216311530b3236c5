// The generator's per-class Gaussian filter: kernels in metres per class, and the filtered map equal to an independent
// implementation (scipy.ndimage) on a random class map with no-data holes.
import { describe, expect, it } from 'vitest';
import { gaussianFilter, kernel1d } from '../../src/main/areas/gaussian-filter';
import { pythonJson, pythonMissing } from '../helpers/python';

describe('the per-class Gaussian filter', () => {
  it('has the generator\'s kernel sizes: at 100 m, 5 cells for LCZ 1, 11 for large low-rise, 1 for water', () => {
    expect(kernel1d(200, 100, 100)).toHaveLength(5);
    expect(kernel1d(500, 250, 100)).toHaveLength(11);
    expect(kernel1d(50, 25, 100)).toHaveLength(1);
    expect(Array.from(kernel1d(200, 100, 100)).map((w) => Number(w.toFixed(4)))).toEqual([0.1353, 0.6065, 1, 0.6065, 0.1353]);
  });

  it('removes a lone large low-rise cell in a suburb, keeps a river one cell wide', () => {
    const [w, h] = [21, 21];
    const classes = new Uint8Array(w * h).fill(6);
    classes[10 * w + 5] = 8;
    for (let r = 0; r < h; r++) classes[r * w + 15] = 17;
    const out = gaussianFilter(classes, w, h, 100);
    expect(out[10 * w + 5]).toBe(6);
    for (let r = 0; r < h; r++) expect(out[r * w + 15]).toBe(17);
  });

  it('equals scipy.ndimage on a random map with no-data holes', (context) => {
    if (pythonMissing('numpy', 'scipy')) return context.skip();
    const [w, h] = [64, 48];
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    // Blobs, not noise: a map whose classes come in patches, as LCZ maps do.
    const classes = new Uint8Array(w * h);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) classes[r * w + c] = 1 + ((Math.floor(r / 6) * 7 + Math.floor(c / 5) * 3) % 17);
    for (let i = 0; i < w * h; i++) if (rnd() < 0.25) classes[i] = rnd() < 0.2 ? 0 : 1 + Math.floor(rnd() * 17);
    const script = `
import json, sys
import numpy as np
from scipy.ndimage import correlate1d
d = json.load(sys.stdin)
cls = np.array(d["classes"], dtype=np.int64).reshape(d["h"], d["w"])
kernels = {1: (200, 100), 8: (500, 250), 10: (500, 250), 15: (300, 150), 17: (50, 25)}
for k in range(2, 8): kernels[k] = (300, 150)
kernels[9] = (300, 150)
for k in (11, 12, 13, 14, 16): kernels[k] = (200, 75)
valid = (cls > 0).astype(float)
best = np.full(cls.shape, -1.0)
out = cls.copy()
def smooth(a, radius, sigma):
    half = int(np.floor(radius / 100 + 1e-9))
    k = np.exp(-((np.arange(-half, half + 1)) ** 2) / (2 * (sigma / 100) ** 2))
    return correlate1d(correlate1d(a, k, axis=1, mode="constant"), k, axis=0, mode="constant")
for lcz in sorted(set(cls.ravel()) - {0}):
    s = smooth((cls == lcz).astype(float), *kernels[lcz]) / smooth(valid, *kernels[lcz])
    take = (cls > 0) & ((s > best + 1e-12) | ((np.abs(s - best) <= 1e-12) & (cls == lcz)))
    best[take] = s[take]
    out[take] = lcz
print(json.dumps(out.ravel().tolist()))
`;
    const reference = pythonJson<number[]>(script, JSON.stringify({ classes: Array.from(classes), w, h }));
    const ours = Array.from(gaussianFilter(classes, w, h, 100));
    expect(ours.filter((v, i) => v !== classes[i]).length).toBeGreaterThan(100); // the filter does something here
    expect(ours).toEqual(reference);
  });
});
