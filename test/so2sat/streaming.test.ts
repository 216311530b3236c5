import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { epochOrder } from '../../src/main/so2sat/epoch-order';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { createSo2SatWriter } from '../../src/main/so2sat/so2sat-writer';
import { so2satStatistics } from '../../src/main/so2sat/statistics';
import { h5pyJson, noH5py, writeReference } from './reference';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-stream-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const NUMPY_STATS = `
out = {}
with h5py.File(path) as f:
    for name in ('sen2', 'sen1'):
        if name not in f: continue
        v = f[name][()].astype(np.float64).reshape(-1, f[name].shape[-1])
        ok = np.isfinite(v)
        out[name] = dict(mean=[v[ok[:, c], c].mean() for c in range(v.shape[1])], std=[v[ok[:, c], c].std() for c in range(v.shape[1])], bad=int((~ok).sum()))
print(json.dumps(out))
`;

describe.skipIf(noH5py)('streaming', () => {
  for (const [name, spec] of [
    ['float64, contiguous', { n: 150, dtype: '<f8', sen1: true }],
    ['float32, gzip chunks', { n: 70, dtype: '<f4', sen1: true, chunks: 16, gzip: true }],
  ] as const) {
    it(`per-band statistics equal numpy's within 1e-6, skipping non-finite values: ${name}`, async () => {
      const path = join(temp, `stats-${name.replace(/\W+/g, '-')}.h5`);
      writeReference(path, { ...spec, nonFinite: [['sen2', 5, 'nan'], ['sen2', 64 * 10240 + 9, 'inf'], ['sen1', 7, '-inf']] });
      const expected = h5pyJson<Record<'sen2' | 'sen1', { mean: number[]; std: number[]; bad: number }>>(path, NUMPY_STATS);
      const file = await So2SatFile.open(path);
      for (const dataset of ['sen2', 'sen1'] as const) {
        const stats = await so2satStatistics(file, dataset);
        const want = expected[dataset];
        stats.mean.forEach((m, c) => expect(Math.abs(m - want.mean[c]!), `${dataset} mean ${c}`).toBeLessThan(1e-6));
        stats.std.forEach((s, c) => expect(Math.abs(s - want.std[c]!), `${dataset} std ${c}`).toBeLessThan(1e-6));
        expect(stats.nonFinite).toBe(want.bad);
      }
      await file.close();
    });
  }

  it('reads a 200 MB file with memory far below its size, through plain reads and through h5wasm', async () => {
    const path = join(temp, 'big.h5');
    const patches = 2450; // float64: 82 KB a patch
    const writer = await createSo2SatWriter(path, { patches, dtype: 'float64' });
    const block = 50;
    const sen2 = Float64Array.from({ length: block * 10240 }, (_, i) => (i % 4001) / 10000);
    const label = new Float64Array(block * 17);
    for (let k = 0; k < block; k++) label[k * 17 + (k % 17)] = 1;
    for (let i = 0; i < patches; i += block) writer.append({ sen2, label }, block);
    await writer.finish();
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(200e6);
    for (const directReads of [true, false]) {
      const file = await So2SatFile.open(path, { directReads });
      const order = epochOrder(patches, { seed: 3 });
      // Warm-up on the first tenth: code loaded and compiled, buffers at their working size.
      for await (const raw of file.stream('sen2', { to: patches / 10 })) void raw;
      for await (const batch of file.batches(order.subarray(0, 640), 64)) void batch;
      const start = process.memoryUsage.rss();
      let peak = start;
      let values = 0;
      for await (const raw of file.stream('sen2')) {
        values += raw.values.length;
        peak = Math.max(peak, process.memoryUsage.rss());
      }
      expect(values).toBe(patches * 10240);
      let seen = 0;
      for await (const batch of file.batches(order, 64)) {
        seen += batch.n;
        peak = Math.max(peak, process.memoryUsage.rss());
      }
      expect(seen).toBe(patches);
      await file.close();
      const growthMb = (peak - start) / 2 ** 20;
      console.log(`RSS growth streaming and batch-reading a ${(size / 1e6).toFixed(0)} MB file (${directReads ? 'plain reads' : 'h5wasm'}): ${growthMb.toFixed(0)} MB`);
      expect(growthMb).toBeLessThan(size / 2 ** 20 / 4);
    }
  });
});
