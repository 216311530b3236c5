// The comparison's numbers against an independent computation (GDAL, PROJ, numpy, scikit-learn, scipy), on maps that
// GDAL wrote on different grids: A in UTM at 100 m, B in EPSG:4326 at about 70 m (Int16, nodata -1, legacy codes),
// a truth in UTM at 50 m; nodata in each.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparisonSchema, type Comparison } from '../../src/shared/contract/compare';
import { hexToRgb, LCZ_CLASSES } from '../../src/shared/lcz-classes';
import { compareMaps } from '../../src/main/compare/compare-maps';
import { evaluateMap } from '../../src/main/evaluation/evaluate-map';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { gdalinfo, gdalMissing, validateCog } from '../helpers/gdal';
import { pythonMissing } from '../helpers/python';
import { qmlPalette } from '../helpers/qml';
import { writeGridMaps, type GridMaps } from './grid-fixtures';
import { reference, type Reference } from './reference';

const quiet = { signal: new AbortController().signal, progress: () => {} };

/** Every entry within `digits` decimals (toBeCloseTo), with the index in the message. */
function expectClose(got: readonly (number | null)[], want: readonly number[], digits = 9): void {
  expect(got).toHaveLength(want.length);
  want.forEach((w, i) => expect(got[i], `index ${i}`).toBeCloseTo(w, digits));
}

describe.skipIf(gdalMissing ?? pythonMissing('sklearn', 'scipy'))('comparing two LCZ maps on different grids', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-compare-numbers-'));
  let maps: GridMaps;
  let c: Comparison;
  let ref: Reference;
  let progress: { stage: string; done: number; total: number }[];

  beforeAll(async () => {
    maps = await writeGridMaps(temp);
    progress = [];
    const out = join(temp, 'ab');
    ({ comparison: c } = await compareMaps({ a: maps.a, b: maps.b, truth: maps.truth, outDir: out }, { ...quiet, progress: (p) => progress.push(p) }));
    ref = reference({ ...maps, difference: join(out, 'difference.tif'), codes: c.difference.pairs });
  }, 120_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('cross-tabulates B sampled at the cell centres of A, leaving out no data in either', () => {
    expect(c.inputs.b.resampled).toBe(true);
    expect(c.inputs.a.resampled).toBe(false);
    expect(c.notes.join('\n')).toMatch(/The second map \(B\) b \(WGS 84\) was resampled onto the grid of a, the first map \(A; WGS 84 \/ UTM zone 33N\), by nearest neighbour/);
    expect(c.notes.join('\n')).toMatch(/b: Legacy codes 101-107 were read as LCZ A-G/);
    expect(c.cells.a).toBe(ref.cells.a);
    expect(c.cells.b).toBe(ref.cells.b);
    expect(c.cells.compared).toBe(ref.cells.compared);
    // The fixtures are made so that nodata and the partial overlap both leave cells out.
    expect(ref.cells.compared).toBeLessThan(Math.min(ref.cells.a, ref.cells.b));
    expect(c.crossTab).toEqual(ref.crossTab);
  });

  it('has the agreement, kappa and Pontius quantity and allocation disagreement of numpy and scikit-learn', () => {
    expect(c.agreement).toBeCloseTo(ref.agreement, 12);
    expect(c.kappa).toBeCloseTo(ref.kappa, 12);
    expect(c.quantityDisagreement).toBeCloseTo(ref.quantity, 12);
    expect(c.allocationDisagreement).toBeCloseTo(ref.allocation, 12);
    expect(c.quantityDisagreement + c.allocationDisagreement).toBeCloseTo(1 - c.agreement, 12);
    expect(c.quantityDisagreement).toBeGreaterThan(0.001); // B covers another part of the city: other amounts
  });

  it('has the class areas (km², %) of each map and their difference, and the F1 of B against A', () => {
    expectClose(c.areaKm2.a, ref.areaKm2.a);
    expectClose(c.areaKm2.b, ref.areaKm2.b);
    expectClose(c.areaDifferenceKm2, ref.areaKm2.b.map((v, i) => v - ref.areaKm2.a[i]!));
    const total = ref.areaKm2.a.reduce((s, v) => s + v, 0);
    expect(c.cells.km2).toBeCloseTo(total, 9);
    expectClose(c.areaPercent.b, ref.areaKm2.b.map((v) => (100 * v) / total));
    expectClose(c.crossTabKm2.flat(), ref.crossTab.flat().map((n) => n * 0.01));
    ref.present.forEach((present, i) => {
      if (present) expect(c.f1[i], `F1 of LCZ value ${i + 1}`).toBeCloseTo(ref.f1[i]!, 12);
      else expect(c.f1[i]).toBeNull();
    });
  });

  it('scores both maps against the truth on the same cells, with McNemar\'s test', () => {
    expect(c.inputs.truth?.resampled).toBe(true);
    expect(c.truth!.cells).toBe(ref.truth!.cells);
    for (const side of ['a', 'b'] as const) {
      expect(c.truth![side].oa).toBeCloseTo(ref.truth![side].oa, 12);
      expect(c.truth![side].kappa).toBeCloseTo(ref.truth![side].kappa, 12);
      c.truth![side].f1.forEach((f, i) => {
        if (f !== null) expect(f, `${side} F1 of LCZ value ${i + 1}`).toBeCloseTo(ref.truth![side].f1[i]!, 12);
      });
    }
    const m = c.mcnemar!;
    expect([m.b, m.c, m.method]).toEqual([ref.mcnemar!.b, ref.mcnemar!.c, 'chi-square']);
    expect(m.statistic).toBeCloseTo(ref.mcnemar!.statistic, 9);
    // erfc to 1.2e-7 relative error.
    expect(Math.abs(m.pValue - ref.mcnemar!.pValue)).toBeLessThanOrEqual(2e-7 * ref.mcnemar!.pValue + 1e-300);
  });

  it('writes difference.tif coded as comparison.json says, cell by cell, with its colour table and QGIS style', () => {
    const out = join(temp, 'ab');
    expect(ref.differenceMismatches).toBe(0);
    const json = comparisonSchema.parse(JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')));
    expect(json.crossTab).toEqual(c.crossTab);
    // 30 % noise in A makes nearly every one of the 272 pairs occur: the 253 largest get a code, the rest share 255.
    const pairs = ref.crossTab.flatMap((row, i) => row.map((n, j) => ({ a: i + 1, b: j + 1, n }))).filter((p) => p.a !== p.b && p.n > 0);
    expect(pairs.length).toBeGreaterThan(253);
    expect(json.difference.pairs).toHaveLength(253);
    const coded = new Set(json.difference.pairs.map((p) => `${p.a}-${p.b}`));
    const rest = pairs.filter((p) => !coded.has(`${p.a}-${p.b}`));
    expect(json.difference.other).toEqual({ code: 255, pairs: pairs.length - 253, cells: rest.reduce((s, p) => s + p.n, 0) });
    expect(Math.max(...rest.map((p) => p.n))).toBeLessThanOrEqual(Math.min(...json.difference.pairs.map((p) => p.cells)));
    expect(json.difference.pairs.map((p) => p.code)).toEqual(Array.from({ length: 253 }, (_, i) => 2 + i));
    const style = qmlPalette(join(out, 'difference.qml'));
    expect(style.renderer).toBe('paletted');
    expect(style.entries).toHaveLength(1 + 253 + 1);
    expect(style.entries.at(-1)).toMatchObject({ value: '255', label: `other pairs (${pairs.length - 253})` });
    const first = json.difference.pairs[0]!;
    expect(style.entries[1]).toMatchObject({ value: String(first.code), label: expect.stringMatching(new RegExp(`^LCZ ${first.a} → LCZ`)) });
    // GDAL reads the colour table: agreement light grey, each pair in its class in B's colour, "other" magenta.
    const band = gdalinfo(join(out, 'difference.tif')).bands[0]!;
    expect(band).toMatchObject({ type: 'Byte', noDataValue: 0, colorInterpretation: 'Palette' });
    const colours = band.colorTable!.entries;
    expect(colours[1]).toEqual([230, 230, 230, 255]);
    expect(colours[first.code]).toEqual([...hexToRgb(LCZ_CLASSES[first.b - 1]!.color), 255]);
    expect(colours[255]).toEqual([255, 0, 255, 255]);
    expect(validateCog(join(out, 'difference.tif')).errors).toEqual([]);
    expect(json.cloudOptimized).toBe(true);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/resampled onto A's grid \(nearest neighbour\)/);
    expect(report).toContain(`Agreement ${(100 * c.agreement).toFixed(1)} %`);
    expect(progress.at(-1)).toEqual({ stage: 'write', done: 1, total: 1 });
    expect(progress.filter((p) => p.stage === 'compare').at(-1)).toEqual({ stage: 'compare', done: 120, total: 120 });
  });

  it('counts on B\'s grid when B comes first (A sampled into EPSG:4326)', async () => {
    const { comparison: back } = await compareMaps({ a: maps.b, b: maps.a, outDir: join(temp, 'ba') }, quiet);
    const r = reference({ a: maps.b, b: maps.a });
    expect(back.crossTab).toEqual(r.crossTab);
    expect(back.kappa).toBeCloseTo(r.kappa, 12);
    expect(back.quantityDisagreement + back.allocationDisagreement).toBeCloseTo(1 - back.agreement, 12);
  });

  it('finds a map in full agreement with itself', async () => {
    const { comparison: self } = await compareMaps({ a: maps.b, b: maps.b, truth: maps.truth, outDir: join(temp, 'self') }, quiet);
    expect(self.agreement).toBe(1);
    expect(self.kappa).toBe(1);
    expect([self.quantityDisagreement, self.allocationDisagreement]).toEqual([0, 0]);
    expect(self.inputs.b.resampled).toBe(false);
    expect(self.difference.pairs).toEqual([]);
    expect(self.f1.every((f) => f === null || f === 1)).toBe(true);
    expect(self.mcnemar).toMatchObject({ b: 0, c: 0, pValue: 1, method: 'exact-binomial' });
    expect(self.truth!.a).toEqual(self.truth!.b);
  });

  it('evaluates a map in memory against a truth on another grid with the same alignment (map evaluation)', async () => {
    const map = await readLczMap(maps.a);
    for (const [other, r] of [[maps.truth, reference({ a: maps.a, b: maps.truth })], [maps.b, ref]] as const) {
      const m = evaluateMap(map, await readLczMap(other));
      // Evaluation's confusion: rows the truth, columns the map.
      expect(m.confusion).toEqual(r.crossTab[0]!.map((_, j) => r.crossTab.map((row) => row[j]!)));
      expect(m.kappa).toBeCloseTo(r.kappa, 12);
    }
  });

  it('gives the same numbers read in many small ranges, halved where B needs too many of its rows', async () => {
    const done: number[] = [];
    const { comparison: small } = await compareMaps(
      { a: maps.a, b: maps.b, truth: maps.truth, outDir: join(temp, 'small-ranges') },
      { ...quiet, progress: (p) => p.stage === 'compare' && done.push(p.done) },
      // 3 rows of A a range; B (160 wide) and the truth (310 wide) fit 3 and 1 of their rows a window.
      { rangeCells: 450, windowSamples: 480 },
    );
    expect(done.length).toBeGreaterThan(120 / 3);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(done.at(-1)).toBe(120);
    expect(small.crossTab).toEqual(ref.crossTab);
    expect(small.truth).toEqual(c.truth);
    expect(small.mcnemar).toEqual(c.mcnemar);
    expect(small.difference).toEqual(c.difference);
    expect(reference({ ...maps, difference: join(temp, 'small-ranges', 'difference.tif'), codes: small.difference.pairs }).differenceMismatches).toBe(0);
  });
});
