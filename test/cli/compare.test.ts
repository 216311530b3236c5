// `lcz compare` as a user's shell runs it: its --json is comparison.json's figures, the same the core computes in
// process and numpy computes on its own; bad input gets one line naming the file, and leaves no folder behind.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparisonSchema, type Comparison } from '../../src/shared/contract/compare';
import { compareMaps } from '../../src/main/compare/compare-maps';
import { FIXTURE_PY, writeGridMaps, type GridMaps } from '../compare/grid-fixtures';
import { reference } from '../compare/reference';
import { writeResultFixture } from '../compare/result-fixture';
import { gdalMissing } from '../helpers/gdal';
import { lczCli } from '../helpers/lcz-cli';
import { pythonAsync, pythonMissing } from '../helpers/python';

const quiet = { signal: new AbortController().signal, progress: () => {} };

/** What --json must print of a comparison, written out here rather than taken from the command's code. */
function figures(c: Comparison) {
  return {
    agreement: c.agreement,
    kappa: c.kappa,
    quantityDisagreement: c.quantityDisagreement,
    allocationDisagreement: c.allocationDisagreement,
    crossTab: c.crossTab,
    areaKm2: { a: c.areaKm2.a, b: c.areaKm2.b },
    cells: { compared: c.cells.compared, km2: c.cells.km2 },
    truth: c.truth && { a: { oa: c.truth.a.oa, kappa: c.truth.a.kappa }, b: { oa: c.truth.b.oa, kappa: c.truth.b.kappa } },
    mcnemar: c.mcnemar && { statistic: c.mcnemar.statistic, pValue: c.mcnemar.pValue },
  };
}

const readComparisonFile = (dir: string): Comparison => comparisonSchema.parse(JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8')));

describe.skipIf(gdalMissing ?? pythonMissing('sklearn', 'scipy'))('lcz compare', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-compare-'));
  const lcz = lczCli({ cwd: temp, workspace: join(temp, 'ws') });
  const file = (name: string) => join(temp, name);
  let maps: GridMaps;

  beforeAll(async () => {
    maps = await writeGridMaps(temp);
    await pythonAsync(
      `${FIXTURE_PY}
import sys
d = sys.argv[1]
write(d + '/far.tif', np.full((40, 50), 3, np.uint8), (800037.3, 100.0, 0.0, 4650021.7, 0.0, -100.0), 32633, gdal.GDT_Byte, 0)
write(d + '/ndvi.tif', np.random.default_rng(1).integers(-20, 90, (120, 150)).astype(np.int16), (500037.3, 100.0, 0.0, 4650021.7, 0.0, -100.0), 32633, gdal.GDT_Int16, None)
`,
      temp,
    );
    await writeResultFixture(file('teacher'), { x0: 500000, y0: 4650000, cellM: 100, width: 60, height: 50, seed: 1 }, 'teacher');
    await writeResultFixture(file('student'), { x0: 500130, y0: 4649910, cellM: 80, width: 70, height: 64, seed: 2 }, 'student');
  }, 120_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('--json prints the figures of comparison.json, which the core computes in process and numpy on its own', async () => {
    const out = file('ab');
    const run = lcz('compare', '--a', maps.a, '--b', maps.b, '--truth', maps.truth, '--out', out, '--json');
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!) as ReturnType<typeof figures>;

    expect(printed).toEqual(figures(readComparisonFile(out)));
    const { comparison: core } = await compareMaps({ a: maps.a, b: maps.b, truth: maps.truth, outDir: file('core') }, quiet);
    expect(printed).toEqual(figures(core));

    expect(printed.crossTab).toHaveLength(17);
    for (const row of printed.crossTab) expect(row).toHaveLength(17);
    expect(printed.areaKm2.a).toHaveLength(17);
    expect(printed.areaKm2.b).toHaveLength(17);
    const ref = reference(maps);
    expect(printed.crossTab).toEqual(ref.crossTab);
    expect(printed.agreement).toBeCloseTo(ref.agreement, 12);
    expect(printed.kappa).toBeCloseTo(ref.kappa, 12);
    expect(printed.truth!.a.oa).toBeCloseTo(ref.truth!.a.oa, 12);
    expect(printed.truth!.b.kappa).toBeCloseTo(ref.truth!.b.kappa, 12);
    expect(printed.mcnemar!.statistic).toBeCloseTo(ref.mcnemar!.statistic, 9);
    expect(printed.mcnemar!.pValue).toBeCloseTo(ref.mcnemar!.pValue, 12);
  });

  it('says what it found in words without --json, B reprojected from EPSG:4326, and lists the files it wrote', () => {
    const out = file('words');
    const run = lcz('compare', '--a', maps.a, '--b', maps.b, '--out', out);
    expect(run.status, run.stderr).toBe(0);
    const c = readComparisonFile(out);
    expect(run.stdout).toContain(`Agreement: ${(100 * c.agreement).toFixed(1)} %  kappa ${c.kappa.toFixed(3)}`);
    expect(run.stdout).toMatch(/The second map \(B\) b \(WGS 84\) was resampled onto the grid of a, the first map \(A; WGS 84 \/ UTM zone 33N\)/);
    for (const name of ['difference.tif', 'difference.qml', 'report.md', 'comparison.json']) expect(run.stdout).toContain(join(out, name));
    expect(c.mcnemar).toBeNull();
  });

  it('compares two mapping results with their probabilities (divergence.tif), and says they are synthetic', () => {
    const out = file('results');
    const run = lcz('compare', '--a', file('teacher'), '--b', file('student'), '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^A: teacher \(.*teacher\)\nB: student \(.*student\)\nSynthetic demo data: an imaginary city, not a real place\.$/m);
    expect(existsSync(join(out, 'divergence.tif'))).toBe(true);
    expect(readComparisonFile(out).probabilities?.meanDivergence).toBeGreaterThan(0);
  });

  it('finds a map in full agreement with itself', () => {
    const run = lcz('compare', '--a', maps.b, '--b', maps.b, '--out', file('self'), '--json');
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as ReturnType<typeof figures>;
    expect([printed.agreement, printed.kappa, printed.quantityDisagreement, printed.allocationDisagreement]).toEqual([1, 1, 0, 0]);
  });

  it('refuses what cannot be compared with one line naming the file, and leaves no folder', () => {
    const interrupted = file('interrupted');
    cpSync(file('student'), interrupted, { recursive: true });
    rmSync(join(interrupted, 'summary.json'));
    const cases: [string[], string, RegExp][] = [
      [['--a', maps.a, '--b', file('far.tif')], file('far.tif'), /does not overlap .*: the two maps cover different places/],
      [['--a', maps.a, '--b', file('ndvi.tif')], file('ndvi.tif'), /has values outside 1-17 that are neither nodata nor legacy codes 101-107/],
      [['--a', file('teacher'), '--b', interrupted], interrupted, /the second map \(b\) is an incomplete mapping result: it has lcz.tif but no summary.json/],
      [['--a', maps.a, '--b', maps.b, '--truth', file('nothing.tif')], file('nothing.tif'), /the reference map \(truth\) does not exist/],
    ];
    for (const [args, named, message] of cases) {
      const out = file('refused');
      const run = lcz('compare', ...args, '--out', out);
      expect(run.status, run.stderr).toBe(1);
      const said = run.stderr.trim().split('\n').filter((l) => l.startsWith('lcz: '));
      expect(said, run.stderr).toHaveLength(1);
      expect(said[0]!.startsWith(`lcz: ${named}: `), said[0]).toBe(true);
      expect(said[0]).toMatch(message);
      expect(existsSync(out), `${named}: a folder was left`).toBe(false);
    }
  });

  it('refuses a mapping result folder as --out before any work, leaving the result as it was', () => {
    const before = readFileSync(join(file('teacher'), 'report.md'), 'utf8');
    const run = lcz('compare', '--a', maps.a, '--b', maps.b, '--out', file('teacher'));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`lcz: ${file('teacher')}: is a mapping result folder; write the comparison into a folder of its own (its report.md would replace the result's)\n`);
    expect(readFileSync(join(file('teacher'), 'report.md'), 'utf8')).toBe(before);
  });
});
