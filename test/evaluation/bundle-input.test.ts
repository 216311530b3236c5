// Evaluating a bundle on So2Sat data: patches are normalised as the bundle says, and a non-finite value is read as its
// band's mean (0 once normalised), as the reader's warning says, not as a raw 0 then normalised.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleBand } from '../../src/shared/bundle-manifest';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { bundleInput, bundleNormalisation } from '../../src/main/evaluation/evaluate-bundles';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-bundle-input-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a bundle input read from So2Sat patches', () => {
  it('is the bundle normalisation of its bands, with non-finite values at the band mean', async () => {
    const path = join(temp, 'nan.h5');
    // Patch 1, pixel 4: B4 (sen2 index 2) is NaN, B3 (index 1) infinite.
    const { sen2 } = await writeSmallSo2Sat(path, { n: 3, nonFinite: [['sen2', 10240 + 4 * 10 + 2, NaN], ['sen2', 10240 + 4 * 10 + 1, Infinity]] });
    const bands: BundleBand[] = [
      { id: 'S2.B4', mean: 0.2, std: 0.05 },
      { id: 'S2.B3', mean: 0.15, std: 0.04 },
      { id: 'S2.B2', mean: 0.1, std: 0.03 },
    ];
    const indices = [2, 1, 0];
    const warnings: string[] = [];
    const file = await So2SatFile.open(path, { onWarning: (w) => warnings.push(w) });
    try {
      const batch = await file.readBatch([0, 1], { sen2Normalisation: bundleNormalisation({ bands }, indices) });
      for (const layout of ['NHWC', 'NCHW'] as const) {
        const input = bundleInput(batch, { input: { layout } }, indices);
        const at = (n: number, p: number, k: number) => input[layout === 'NCHW' ? (n * 3 + k) * 1024 + p : (n * 1024 + p) * 3 + k]!;
        // Patch 1, pixel 4: B4 and B3 at their means; B2 normalised as usual.
        expect([at(1, 4, 0), at(1, 4, 1)]).toEqual([0, 0]);
        expect(at(1, 4, 2)).toBeCloseTo((sen2[10240 + 40]! - 0.1) / 0.03, 5);
        // Elsewhere: (reflectance - mean) / std of the bundle's band.
        expect(at(0, 7, 0)).toBeCloseTo((sen2[7 * 10 + 2]! - 0.2) / 0.05, 5);
        expect(at(1, 900, 1)).toBeCloseTo((sen2[10240 + 900 * 10 + 1]! - 0.15) / 0.04, 5);
      }
    } finally {
      await file.close();
    }
    expect(warnings).toEqual([`${path}: sen2 holds non-finite values (NaN or infinite), first met in patch 1; they are read as the band mean (0 after normalisation)`]);
  });
});
