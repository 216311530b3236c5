// The band-statistics pass over chosen patches only (a run's subset of a big file), and what it says about
// non-finite values: how many patches hold them and the first in file order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { so2satStatistics } from '../../src/main/so2sat/statistics';
import { writeSmallSo2Sat } from './small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-subset-'));
const path = join(temp, 'subset.h5');
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const N = 50;
const ROW = 10240;
let sen2: Float32Array;

beforeAll(async () => {
  ({ sen2 } = await writeSmallSo2Sat(path, {
    n: N,
    nonFinite: [
      ['sen2', 41 * ROW + 3, NaN],
      ['sen2', 12 * ROW + 8, -Infinity],
      ['sen2', 12 * ROW + 9, Infinity],
      ['sen2', 30 * ROW, NaN],
    ],
  }));
});

/** Mean and population std per band of the finite values of some patches, the obvious way. */
function naive(indices: number[]): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < 10; c++) {
    const v = indices.flatMap((p) => Array.from({ length: 1024 }, (_, k) => sen2[p * ROW + k * 10 + c]!)).filter(Number.isFinite);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    mean.push(m);
    std.push(Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length));
  }
  return { mean, std };
}

describe('statistics over chosen patches', () => {
  it('cover only those patches, and count the patches with non-finite values and the first in file order', async () => {
    const file = await So2SatFile.open(path);
    try {
      const indices = Uint32Array.of(2, 12, 13, 30, 31, 44, 49);
      const progress: [number, number][] = [];
      const stats = await so2satStatistics(file, 'sen2', { indices, onProgress: (d, t) => progress.push([d, t]) });
      const want = naive([...indices]);
      stats.mean.forEach((m, c) => expect(m, `mean ${c}`).toBeCloseTo(want.mean[c]!, 9));
      stats.std.forEach((s, c) => expect(s, `std ${c}`).toBeCloseTo(want.std[c]!, 9));
      expect({ patches: stats.patches, nonFinite: stats.nonFinite, nonFinitePatches: stats.nonFinitePatches, first: stats.firstNonFinitePatch }).toEqual({ patches: 7, nonFinite: 3, nonFinitePatches: 2, first: 12 });
      expect(progress.at(-1)).toEqual([7, 7]);

      const whole = await so2satStatistics(file, 'sen2');
      expect({ patches: whole.patches, nonFinite: whole.nonFinite, nonFinitePatches: whole.nonFinitePatches, first: whole.firstNonFinitePatch }).toEqual({ patches: N, nonFinite: 4, nonFinitePatches: 3, first: 12 });
      const clean = await so2satStatistics(file, 'sen2', { indices: Uint32Array.of(0, 1, 40, 42) });
      expect([clean.nonFinitePatches, clean.firstNonFinitePatch]).toEqual([0, null]);
    } finally {
      await file.close();
    }
  });
});
