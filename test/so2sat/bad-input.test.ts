import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { noH5py, writeReference, type ReferenceSpec } from './reference';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-bad-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function openError(path: string): Promise<UserError> {
  const error = await So2SatFile.open(path).then(
    async (file) => {
      await file.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(error, `${path} opened`).toBeInstanceOf(UserError);
  const userError = error as UserError;
  expect(userError.message.startsWith(`${path}: `), userError.message).toBe(true);
  return userError;
}

function reference(name: string, spec: ReferenceSpec): string {
  const path = join(temp, name);
  writeReference(path, spec);
  return path;
}

describe.skipIf(noH5py)('bad So2Sat files are UserErrors that name the file and the problem', () => {
  it('a missing dataset', async () => {
    expect((await openError(reference('no-label.h5', { n: 5, omit: ['label'] }))).message).toMatch(/has no dataset label;.*sen2 \(N x 32 x 32 x 10\) and label/);
    expect((await openError(reference('no-sen2.h5', { n: 5, omit: ['sen2'] }))).message).toMatch(/has no dataset sen2 \(it holds label\)/);
    expect((await openError(reference('subset-no-votes.h5', { variant: 'subset', n: 5, omit: ['y_distributional_urban'] }))).message).toMatch(
      /has no dataset label \(it has y but no y_distributional_urban\)/,
    );
  });

  it('a wrong shape', async () => {
    expect((await openError(reference('sen2-13.h5', { n: 5, shapes: { sen2: [5, 32, 32, 13] } }))).message).toMatch(/dataset sen2 has shape 5 x 32 x 32 x 13; expected N x 32 x 32 x 10/);
    expect((await openError(reference('label-10.h5', { n: 5, shapes: { label: [5, 10] } }))).message).toMatch(/dataset label has shape 5 x 10; expected N x 17/);
    expect((await openError(reference('votes-12.h5', { variant: 'subset', n: 5, shapes: { y_distributional_urban: [5, 12] } }))).message).toMatch(
      /y_distributional_urban has shape 5 x 12; expected N x 10/,
    );
    expect((await openError(reference('int-sen2.h5', { n: 5, dtype: '<i2' }))).message).toMatch(/dataset (label|sen2) holds int16; So2Sat datasets are float32 or float64/);
  });

  it('counts that differ between sen2 and label', async () => {
    expect((await openError(reference('counts.h5', { n: 8, shapes: { label: [7, 17] } }))).message).toMatch(/dataset label has 7 rows but sen2 has 8 patches/);
    expect((await openError(reference('counts-sen1.h5', { n: 8, sen1: true, shapes: { sen1: [9, 32, 32, 8] } }))).message).toMatch(/dataset sen1 has 9 rows but sen2 has 8/);
  });

  it('label rows that are not one-hot: how many, and the first', async () => {
    const path = reference('not-one-hot.h5', { n: 30, badLabelRows: [11, 4, 25], nonFinite: [['label', 20 * 17 + 3, 'nan']] });
    expect((await openError(path)).message).toMatch(/4 of 30 rows of label are not one-hot \(exactly one 1, the rest 0\), the first at patch 4/);
    // Reported, not refused, when asked (lcz so2sat info).
    const file = await So2SatFile.open(path, { labelIssues: 'report' });
    expect(file.labels).toMatchObject({ nonOneHot: 4, firstNonOneHot: 4, nonFinite: 1 });
    expect(file.labels.classCounts.reduce((a, b) => a + b, 0)).toBe(26);
    await file.close();
  });

  it('NaN and infinite values: counted and reported per dataset, read as the band mean', async () => {
    const path = reference('nan.h5', {
      n: 12,
      sen1: true,
      nonFinite: [
        ['sen2', 3 * 10240 + 5, 'nan'],
        ['sen2', 3 * 10240 + 17, 'inf'],
        ['sen2', 9 * 10240, '-inf'],
        ['sen1', 2 * 8192 + 1, 'nan'],
      ],
    });
    const warnings: string[] = [];
    const file = await So2SatFile.open(path, { onWarning: (w) => warnings.push(w) });
    const clean = await file.readBatch([0, 1, 2], { sen1: true });
    expect(file.nonFinite()).toEqual({ sen2: 0, sen1: 1 });
    const batch = await file.readBatch([9, 3, 5], { sen1: true });
    expect(file.nonFinite()).toEqual({ sen2: 3, sen1: 1 });
    await file.close();
    for (const values of [clean.sen2, clean.sen1!, batch.sen2, batch.sen1!]) expect(values.every(Number.isFinite)).toBe(true);
    // sen2 normalised: the band mean is 0; sen1 not normalised: 0.
    expect([batch.sen2[1 * 10240 + 5], batch.sen2[1 * 10240 + 17], batch.sen2[0], clean.sen1![2 * 8192 + 1]]).toEqual([0, 0, 0, 0]);
    expect(warnings).toEqual([
      // sen1 read without a normalisation: no band mean to put there.
      `${path}: sen1 holds non-finite values (NaN or infinite), first met in patch 2; they are read as 0 (these patches are not normalised)`,
      `${path}: sen2 holds non-finite values (NaN or infinite), first met in patch 9; they are read as the band mean (0 after normalisation)`,
    ]);
  });

  it('a truncated file', async () => {
    const whole = reference('whole.h5', { n: 20 });
    const cut = join(temp, 'truncated.h5');
    copyFileSync(whole, cut);
    const size = statSync(whole).size;
    writeFileSync(cut, readFileSync(whole).subarray(0, Math.floor(size * 0.6)));
    expect((await openError(cut)).message).toMatch(/is truncated: it has [\d,]+ of the [\d,]+ bytes it should \(60\.0 %\)/);
    writeFileSync(cut, readFileSync(whole).subarray(0, 100));
    expect((await openError(cut)).message).toMatch(/is truncated: it has 100 of the/);
  });

  it('a text file, an empty file, a folder, a missing file', async () => {
    const text = join(temp, 'notes.h5');
    writeFileSync(text, 'sen2,label\n1,2\n');
    expect((await openError(text)).message).toMatch(/is not an HDF5 file \(no HDF5 signature\)/);
    const empty = join(temp, 'empty.h5');
    writeFileSync(empty, '');
    expect((await openError(empty)).message).toMatch(/is empty \(0 bytes\)/);
    expect((await openError(temp)).message).toMatch(/is a folder/);
    expect((await openError(join(temp, 'missing.h5'))).message).toMatch(/does not exist/);
  });

  it('patch indices outside the file', async () => {
    const file = await So2SatFile.open(reference('small.h5', { n: 4 }));
    await expect(file.readBatch([1, 4])).rejects.toThrow(/patch index 4 is outside 0\.\.3/);
    await expect(file.readBatch([-1])).rejects.toThrow(/patch index -1 is not a patch number/);
    await expect(file.readBatch([0], { sen1: true })).rejects.toThrow(/has no dataset sen1/);
    await file.close();
  });
});
