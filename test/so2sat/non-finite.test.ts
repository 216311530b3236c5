// Non-finite patch values are counted per patch (a patch read at every epoch counts once), among chosen patches, and
// the warning says what they became: the band mean when normalised, 0 when not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { writeSmallSo2Sat } from './small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-nan-'));
const path = join(temp, 'nan.h5');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(async () => {
  await writeSmallSo2Sat(path, {
    n: 12,
    sen1: true,
    nonFinite: [
      ['sen2', 3 * 10240 + 5, NaN],
      ['sen2', 3 * 10240 + 17, Infinity],
      ['sen2', 9 * 10240, -Infinity],
      ['sen1', 2 * 8192 + 1, NaN],
    ],
  });
});

describe('non-finite values in patches', () => {
  it('counts each patch once however often it is read, and among chosen patches', async () => {
    const file = await So2SatFile.open(path);
    try {
      for (let epoch = 0; epoch < 3; epoch++) for await (const _ of file.batches([0, 3, 9, 2, 5], 2, { sen1: true })) void _;
      expect(file.nonFinite()).toEqual({ sen2: 3, sen1: 1 });
      expect(file.nonFiniteAmong([3, 4])).toEqual({ sen2: 2, sen1: 0 });
      expect(file.nonFiniteAmong([2, 9])).toEqual({ sen2: 1, sen1: 1 });
    } finally {
      await file.close();
    }
  });

  it('says they are read as the band mean when normalised, and as 0 when not', async () => {
    const warnings: string[] = [];
    const file = await So2SatFile.open(path, { onWarning: (w) => warnings.push(w) });
    try {
      const batch = await file.readBatch([3, 2], { sen1: true, sen2Normalisation: { mean: new Array(10).fill(0.3), std: new Array(10).fill(0.1) } });
      expect([batch.sen2[5], batch.sen2[17], batch.sen1![8192 + 1]]).toEqual([0, 0, 0]);
    } finally {
      await file.close();
    }
    expect(warnings).toEqual([
      `${path}: sen2 holds non-finite values (NaN or infinite), first met in patch 3; they are read as the band mean (0 after normalisation)`,
      `${path}: sen1 holds non-finite values (NaN or infinite), first met in patch 2; they are read as 0 (these patches are not normalised)`,
    ]);
  });
});
