import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { h5pyJson, noH5py, writeReference } from './reference';
import { lczCli } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const lcz = lczCli();

const H5PY_INFO = `
f = h5py.File(path)
labels = f['label'] if 'label' in f else f['y']
counts = np.zeros(17, int)
ok = (np.sort(labels[()], axis=1)[:, :-1] == 0).all(1) & (labels[()].max(1) == 1)
np.add.at(counts, labels[()][ok].argmax(1), 1)
print(json.dumps(dict(patches=f['sen2'].shape[0], datasets={k: dict(shape=list(f[k].shape), dtype=str(f[k].dtype)) for k in f}, classCounts=counts.tolist())))
`;

describe('lcz so2sat', () => {
  it('has --help listing its commands', () => {
    const help = lcz('so2sat', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: lcz so2sat');
    expect(help.stdout).toMatch(/info \[options\] <file\.h5>[\s\S]*synth \[options\]/);
  });

  it.skipIf(noH5py)('info --json prints exactly one JSON object that agrees with h5py', () => {
    const files = [
      ['full.h5', { n: 60, dtype: '<f8', sen1: true }],
      ['gzip.h5', { n: 50, dtype: '<f4', chunks: 8, gzip: true }],
      ['subset.h5', { variant: 'subset', n: 30, dtype: '<f8' }],
    ] as const;
    for (const [name, spec] of files) {
      const path = join(temp, name);
      writeReference(path, spec);
      const run = lcz('so2sat', 'info', path, '--json');
      expect(run.status, run.stderr).toBe(0);
      const info = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(info).sort()).toEqual(['classCounts', 'datasets', 'patches']);
      expect(info).toEqual(h5pyJson(path, H5PY_INFO));
    }
    const human = lcz('so2sat', 'info', join(temp, 'subset.h5'));
    expect(human.stdout).toMatch(/label-distribution subset[\s\S]*y_distributional_urban\s+30 x 10\s+float64[\s\S]*LCZ G/);
  });

  it.skipIf(noH5py)('info reports labels that are not one-hot and non-finite values, and --stats computes band statistics', () => {
    const path = join(temp, 'damaged.h5');
    writeReference(path, { n: 20, badLabelRows: [7, 3], nonFinite: [['sen2', 100, 'nan']] });
    const run = lcz('so2sat', 'info', path, '--json', '--stats');
    expect(run.status, run.stderr).toBe(0);
    const info = JSON.parse(run.stdout) as { nonOneHotRows: number; firstNonOneHot: number; nonFinite: Record<string, number>; statistics: { sen2: { mean: number[] } } };
    expect(info).toMatchObject({ nonOneHotRows: 2, firstNonOneHot: 3, nonFinite: { sen2: 1 } });
    expect(info.statistics.sen2.mean).toHaveLength(10);
  });

  it('info names a bad file and exits 1', () => {
    const run = lcz('so2sat', 'info', join(temp, 'missing.h5'));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`lcz: ${join(temp, 'missing.h5')}: does not exist\n`);
  });

  it.skipIf(noH5py)('synth --n 500 writes a valid So2Sat file: most classes, reflectance like So2Sat', async () => {
    const out = join(temp, 'synth.h5');
    const run = lcz('so2sat', 'synth', '--n', '500', '--out', out, '--seed', '3', '--sen1');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    expect(run.stderr).toContain('Cutting patches');
    expect(run.stderr).not.toContain('HDF5'); // libhdf5's expected complaint when creating empty datasets is silenced
    const facts = h5pyJson<{ shapes: Record<string, number[]>; dtype: string; counts: number[]; min: number; max: number; mean: number[]; sen1Finite: boolean; onehot: boolean }>(
      out,
      `f = h5py.File(path); s = f['sen2'][()]; l = f['label'][()]
print(json.dumps(dict(shapes={k: list(f[k].shape) for k in f}, dtype=str(s.dtype), counts=l.sum(0).astype(int).tolist(), min=float(s.min()), max=float(s.max()),
  mean=s.reshape(-1, 10).mean(0).tolist(), sen1Finite=bool(np.isfinite(f['sen1'][()]).all()), onehot=bool(((l == 0) | (l == 1)).all() and (l.sum(1) == 1).all()))))`,
    );
    expect(facts.shapes).toEqual({ label: [500, 17], sen1: [500, 32, 32, 8], sen2: [500, 32, 32, 10] });
    expect(facts.dtype).toBe('float32');
    expect(facts.onehot).toBe(true);
    expect(facts.counts.filter((c) => c > 0).length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...facts.counts)).toBeLessThanOrEqual(3 * Math.ceil(500 / 17)); // the common classes are capped
    // So2Sat's sen2 is reflectance (DN / 10,000): 0 to about 1, band means around 0.05-0.3.
    expect(facts.min).toBeGreaterThanOrEqual(0);
    expect(facts.max).toBeLessThan(1.5);
    for (const m of facts.mean) {
      expect(m).toBeGreaterThan(0.02);
      expect(m).toBeLessThan(0.4);
    }
    expect(facts.sen1Finite).toBe(true);
    const file = await So2SatFile.open(out);
    expect(file.labels.classCounts).toEqual(facts.counts);
    await file.close();
    expect(readdirSync(temp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('synth refuses a bad --n and writes nothing', () => {
    const out = join(temp, 'none.h5');
    const zero = lcz('so2sat', 'synth', '--n', '0', '--out', out);
    expect(zero.status).toBe(1);
    expect(zero.stderr).toMatch(/number of patches is 0/);
    expect(lcz('so2sat', 'synth', '--n', 'many', '--out', out).stderr).toContain("'--n <patches>' argument 'many' is invalid");
    expect(existsSync(out)).toBe(false);
  });
});
