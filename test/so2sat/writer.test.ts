import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Hdf5StreamWriter } from '../../src/main/so2sat/hdf5-writer';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { createSo2SatWriter } from '../../src/main/so2sat/so2sat-writer';
import { h5pyJson, h5pyRows, noH5py, sameValues } from './reference';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-write-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const N = 37;

function patternOf(n: number, length: number, salt: number): Float64Array {
  return Float64Array.from({ length: n * length }, (_, i) => ((i * 7919 + salt) % 10007) / 10007 - (salt === 3 ? 0.5 : 0));
}

function labelsOf(n: number): Float64Array {
  const label = new Float64Array(n * 17);
  for (let i = 0; i < n; i++) label[i * 17 + ((i * 5) % 17)] = 1;
  return label;
}

describe.skipIf(noH5py)('the streaming HDF5 writer', () => {
  for (const [name, options] of [
    ['float64, contiguous', { dtype: 'float64' as const }],
    ['float32, contiguous', { dtype: 'float32' as const }],
    ['float32, gzip chunks of 8', { dtype: 'float32' as const, gzip: { level: 4, chunkRows: 8 } }],
  ] as const) {
    it(`writes So2Sat files that h5py reads identically: ${name}`, async () => {
      const path = join(temp, `${name.replace(/\W+/g, '-')}.h5`);
      const sen2 = patternOf(N, 10240, 1);
      const sen1 = patternOf(N, 8192, 3);
      const label = labelsOf(N);
      const Type = options.dtype === 'float32' ? Float32Array : Float64Array;
      // Writes of 8 rows (whole gzip chunks), so the file is filled in several slices.
      const writer = await createSo2SatWriter(path, { patches: N, sen1: true, ...options, attributes: { SYNTHETIC: 'YES' }, rowsPerWrite: 8 });
      // Uneven appends: the writer stages and writes whole blocks (whole chunks) itself.
      for (const [start, count] of [[0, 5], [5, 1], [6, 20], [26, 11]] as const) {
        writer.append(
          {
            sen2: Type.from(sen2.subarray(start * 10240, (start + count) * 10240)),
            sen1: Type.from(sen1.subarray(start * 8192, (start + count) * 8192)),
            label: Type.from(label.subarray(start * 17, (start + count) * 17)),
          },
          count,
        );
      }
      expect(existsSync(path)).toBe(false); // not before it is complete
      await writer.finish();
      const meta = h5pyJson<Record<string, { shape: number[]; dtype: string; chunks: number[] | null; compression: string | null }>>(
        path,
        "f = h5py.File(path); print(json.dumps({k: dict(shape=list(f[k].shape), dtype=str(f[k].dtype), chunks=f[k].chunks, compression=f[k].compression) for k in f} | {'attrs': dict(shape=[], dtype=str(f.attrs['SYNTHETIC']), chunks=None, compression=None)}))",
      );
      const dtype = options.dtype;
      expect(meta.sen2).toMatchObject({ shape: [N, 32, 32, 10], dtype });
      expect(meta.sen1).toMatchObject({ shape: [N, 32, 32, 8], dtype });
      expect(meta.label).toMatchObject({ shape: [N, 17], dtype });
      expect(meta.attrs!.dtype).toBe('YES');
      expect(meta.sen2!.compression).toBe('gzip' in options ? 'gzip' : null);
      if ('gzip' in options) expect(meta.sen2!.chunks).toEqual([8, 32, 32, 10]);
      expect(sameValues(h5pyRows(path, 'sen2', null), Float64Array.from(Type.from(sen2)))).toBe('same');
      expect(sameValues(h5pyRows(path, 'sen1', null), Float64Array.from(Type.from(sen1)))).toBe('same');
      expect(sameValues(h5pyRows(path, 'label', null), label)).toBe('same');
      // And our reader agrees.
      const file = await So2SatFile.open(path);
      expect(file.labels.classCounts.reduce((a, b) => a + b, 0)).toBe(N);
      expect(sameValues((await file.readBatch([36], { sen2Normalisation: null })).sen2, Float32Array.from(sen2.subarray(36 * 10240)))).toBe('same');
      await file.close();
      expect(readdirSync(temp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('leaves nothing behind when aborted or finished short', async () => {
    const path = join(temp, 'short.h5');
    const writer = await createSo2SatWriter(path, { patches: 10, dtype: 'float32' });
    writer.append({ sen2: new Float32Array(3 * 10240), label: new Float32Array(3 * 17) }, 3);
    await expect(writer.finish()).rejects.toThrow(/sen2 has 3 of its 10 rows/);
    const aborted = await Hdf5StreamWriter.create(join(temp, 'aborted.h5'), { rows: 4, datasets: [{ name: 'x', rowShape: [2], dtype: 'float64' }] });
    aborted.append({ x: new Float64Array(4) }, 2);
    await aborted.abort();
    expect(readdirSync(temp).filter((f) => /short|aborted/.test(f))).toEqual([]);
  });

  it('refuses appends of the wrong size, and a folder that does not exist', async () => {
    const writer = await Hdf5StreamWriter.create(join(temp, 'sizes.h5'), { rows: 2, datasets: [{ name: 'x', rowShape: [3], dtype: 'float32' }] });
    expect(() => writer.append({ x: new Float32Array(4) }, 1)).toThrow(/needs 3 values/);
    expect(() => writer.append({ x: new Float32Array(9) }, 3)).toThrow(/more than its 2 rows/);
    await writer.abort();
    await expect(createSo2SatWriter(join(temp, 'no', 'such', 'dir.h5'), { patches: 1 })).rejects.toThrow(/dir\.h5: cannot be written/);
  });
});
