import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SO2SAT_S2_MEAN, SO2SAT_S2_STD } from '../../src/shared/bands';
import { contiguousDataOffset } from '../../src/main/so2sat/contiguous-offset';
import { loadHdf5 } from '../../src/main/so2sat/hdf5';
import { datasetInfo } from '../../src/main/so2sat/layout';
import { openHdf5 } from '../../src/main/so2sat/open-hdf5';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { h5pyJson, h5pyRows, noH5py, sameValues, writeReference, type ReferenceSpec } from './reference';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-read-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
if (noH5py) console.warn(`So2Sat reader tests skipped: ${noH5py}`);

const N = 40;
const PICK = [7, 0, 39, 7, 12, 13, 14, 30];
const variants: [string, ReferenceSpec][] = [
  ['float64, contiguous (as the real files)', { n: N, dtype: '<f8', sen1: true }],
  ['float32, contiguous', { n: N, dtype: '<f4', sen1: true }],
  ['float32, chunked + gzip', { n: N, dtype: '<f4', sen1: true, chunks: 8, gzip: true }],
  ['float64, chunked, not compressed', { n: N, dtype: '<f8', chunks: 16 }],
  ['float64, big-endian', { n: N, dtype: '>f8', sen1: true }],
];

describe.skipIf(noH5py)('So2SatFile reads what h5py wrote, identically', () => {
  for (const [name, spec] of variants) {
    it(name, async () => {
      const path = join(temp, `${name.replace(/\W+/g, '-')}.h5`);
      writeReference(path, spec);
      const stored = h5pyRows(path, 'sen2', PICK);
      const sen2 = Float32Array.from(stored);
      const sen1 = spec.sen1 ? Float32Array.from(h5pyRows(path, 'sen1', PICK)) : null;
      const labels = Float32Array.from(h5pyRows(path, 'label', PICK));
      for (const directReads of [true, false]) {
        const file = await So2SatFile.open(path, { directReads });
        expect(file.variant).toBe('full');
        expect(file.patches).toBe(N);
        const batch = await file.readBatch(PICK, { sen1: spec.sen1, sen2Normalisation: null });
        expect(sameValues(batch.sen2, sen2)).toBe('same');
        if (sen1) expect(sameValues(batch.sen1, sen1)).toBe('same');
        expect(sameValues(batch.labels, labels)).toBe('same');
        // A range is one slice, and equals the same patches picked one by one.
        const range = await file.readRange(12, 3, { sen2Normalisation: null });
        expect(sameValues(range.sen2, sen2.subarray(4 * 10240, 7 * 10240))).toBe('same');
        // Raw rows: exactly the stored values, in the order asked, like h5py's dataset[indices].
        expect(sameValues(Float64Array.from(await file.readRaw('sen2', PICK)), stored)).toBe('same');
        await file.close();
      }
    });
  }

  it('normalises with the published statistics by default', async () => {
    const path = join(temp, 'normalised.h5');
    writeReference(path, { n: 10, dtype: '<f4' });
    const raw = h5pyRows(path, 'sen2', [3]);
    const file = await So2SatFile.open(path);
    const { sen2 } = await file.readBatch([3]);
    await file.close();
    for (let k = 0; k < raw.length; k += 97) {
      const c = k % 10;
      expect(sen2[k]).toBeCloseTo((Math.fround(raw[k]!) - SO2SAT_S2_MEAN[c]!) / SO2SAT_S2_STD[c]!, 5);
    }
  });

  it('finds the data of contiguous datasets where h5py says it is, and reads chunked ones through HDF5', async () => {
    const contiguous = join(temp, 'offsets.h5');
    writeReference(contiguous, { n: 20, dtype: '<f8', sen1: true });
    const expected = h5pyJson<Record<string, number>>(contiguous, 'f = h5py.File(path); print(json.dumps({k: f[k].id.get_offset() for k in f}))');
    const { module, file } = await openHdf5(contiguous);
    for (const name of ['sen1', 'sen2', 'label']) expect(contiguousDataOffset(module, file, datasetInfo(file, name)!, contiguous), name).toBe(expected[name]);
    file.close();
    const chunked = join(temp, 'chunked.h5');
    writeReference(chunked, { n: 20, dtype: '<f4', chunks: 4, gzip: true });
    const opened = await openHdf5(chunked);
    expect(contiguousDataOffset(opened.module, opened.file, datasetInfo(opened.file, 'sen2')!, chunked)).toBeNull();
    opened.file.close();
  });

  it('reads the label-distribution subset: soft labels are the votes, normalised; hard labels are y', async () => {
    for (const votesColumns of [10, 17]) {
      const path = join(temp, `subset-${votesColumns}.h5`);
      writeReference(path, { variant: 'subset', n: N, dtype: '<f8', votesColumns });
      const votes = h5pyRows(path, 'y_distributional_urban', PICK);
      const y = Float32Array.from(h5pyRows(path, 'y', PICK));
      const file = await So2SatFile.open(path);
      expect(file.variant).toBe('label-distribution');
      const soft = await file.readBatch(PICK);
      const hard = await file.readBatch(PICK, { labels: 'hard' });
      await file.close();
      expect(sameValues(hard.labels, y)).toBe('same');
      PICK.forEach((_, i) => {
        const row = votes.subarray(i * votesColumns, (i + 1) * votesColumns);
        const total = row.reduce((a, b) => a + b, 0);
        const want = Array.from({ length: 17 }, (_, k) => (k < votesColumns ? Math.fround(row[k]! / total) : 0));
        expect(Array.from(soft.labels.subarray(i * 17, (i + 1) * 17))).toEqual(want);
      });
    }
  });

  it('serves random batches from a compressed file with each chunk inflated once', async () => {
    const path = join(temp, 'gzip-batches.h5');
    writeReference(path, { n: 64, dtype: '<f4', chunks: 16, gzip: true });
    const all = Float32Array.from(h5pyRows(path, 'sen2', null));
    const file = await So2SatFile.open(path);
    const module = await loadHdf5();
    const read = module.get_dataset_data;
    const sen2Reads: string[] = [];
    module.get_dataset_data = (...args: Parameters<typeof read>) => {
      if (args[1] === '/sen2') sen2Reads.push(`${args[3]![0]}+${args[2]![0]}`);
      return read(...args);
    };
    const order = [63, 1, 17, 2, 48, 33, 0, 62, 16, 47];
    let got = 0;
    try {
      for await (const batch of file.batches(order, 4, { sen2Normalisation: null })) {
        batch.indices.forEach((index, i) => expect(sameValues(batch.sen2.subarray(i * 10240, (i + 1) * 10240), all.subarray(index * 10240, (index + 1) * 10240))).toBe('same'));
        got += batch.n;
      }
    } finally {
      module.get_dataset_data = read;
      await file.close();
    }
    expect(got).toBe(order.length);
    // Four chunks of 16 patches, each read (and inflated) once, whole.
    expect(sen2Reads.length).toBeLessThanOrEqual(4);
    for (const call of sen2Reads) expect(call).toMatch(/^(0|16|32|48)\+(16|32|48|64)$/);
  });
});
