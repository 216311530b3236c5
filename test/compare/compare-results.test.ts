// Two mapping results compared: each map's confidence where they agree and where they disagree, and the
// Jensen-Shannon divergence of their class probabilities, cell by cell (divergence.tif) and on average, against
// numpy and scipy; B on another grid (80 m, another origin), so its probabilities are resampled too.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparisonSchema, type Comparison } from '../../src/shared/contract/compare';
import { compareMaps } from '../../src/main/compare/compare-maps';
import { gdalinfo, gdalMissing } from '../helpers/gdal';
import { pythonMissing } from '../helpers/python';
import { reference, type Reference } from './reference';
import { writeResultFixture } from './result-fixture';

const quiet = { signal: new AbortController().signal, progress: () => {} };

describe.skipIf(gdalMissing ?? pythonMissing('sklearn', 'scipy'))('comparing two mapping results', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-compare-results-'));
  const teacher = join(temp, 'teacher');
  const student = join(temp, 'student');
  const out = join(temp, 'out');
  let c: Comparison;
  let ref: Reference;

  beforeAll(async () => {
    await writeResultFixture(teacher, { x0: 500000, y0: 4650000, cellM: 100, width: 60, height: 50, seed: 1 }, 'teacher');
    await writeResultFixture(student, { x0: 500130, y0: 4649910, cellM: 80, width: 70, height: 64, seed: 2 }, 'student');
    ({ comparison: c } = await compareMaps({ a: teacher, b: student, outDir: out }, quiet));
    ref = reference({ a: join(teacher, 'lcz.tif'), b: join(student, 'lcz.tif'), resultA: teacher, resultB: student, divergence: join(out, 'divergence.tif') });
  }, 120_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('reads result folders as their LCZ maps, B resampled', () => {
    expect(c.inputs.a).toMatchObject({ kind: 'result', name: 'teacher', path: teacher, lczPath: join(teacher, 'lcz.tif'), resampled: false, synthetic: true });
    expect(c.inputs.b).toMatchObject({ kind: 'result', name: 'student', resampled: true });
    expect(c.crossTab).toEqual(ref.crossTab);
    expect(c.agreement).toBeCloseTo(ref.agreement, 12);
  });

  it('has the mean confidence of each map where they agree and where they disagree', () => {
    const p = c.probabilities!;
    for (const side of ['a', 'b'] as const) {
      for (const split of ['agree', 'disagree'] as const) {
        expect(p.confidence[side][split], `${side} ${split}`).toBeCloseTo(ref.probabilities!.confidence[side][split]!, 12);
      }
    }
    // The fixture's favourite class gets most of the mass where the maps follow the shared pattern.
    expect(p.confidence.a.agree!).toBeGreaterThan(p.confidence.a.disagree! - 0.2);
  });

  it('has the Jensen-Shannon divergence (base 2) of the two probability vectors, per cell and on average', () => {
    const p = c.probabilities!;
    expect(p.divergenceCells).toBe(ref.probabilities!.divergenceCells);
    expect(p.meanDivergence).toBeCloseTo(ref.probabilities!.meanDivergence, 9);
    expect(p.meanDivergence!).toBeGreaterThan(0.05);
    expect(p.meanDivergence!).toBeLessThan(1);
    // Stored x 10^4 and rounded: one unit at most between us and scipy.
    expect(ref.divergenceMaxError).toBeLessThanOrEqual(1);
    const info = gdalinfo(join(out, 'divergence.tif'));
    expect(info.bands[0]).toMatchObject({ type: 'UInt16', noDataValue: 65535 });
    expect(c.files.divergence).toBe('divergence.tif');
    expect(comparisonSchema.parse(JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'))).probabilities).toEqual(p);
  });

  it('leaves divergence out, and removes an old divergence.tif, when one map has no probabilities', async () => {
    const { comparison } = await compareMaps({ a: join(teacher, 'lcz.tif'), b: student, outDir: out }, quiet);
    expect(comparison.probabilities).toBeNull();
    expect(comparison.files.divergence).toBeNull();
    expect(existsSync(join(out, 'divergence.tif'))).toBe(false);
    expect(comparison.crossTab).toEqual(c.crossTab);
  });

  it('knows a plain GeoTIFF for synthetic by its GDAL metadata (SYNTHETIC=YES), as maps/open does', async () => {
    // A result's lcz.tif given as a file: no summary.json to say so, only the tag the result writer puts in it.
    const { comparison } = await compareMaps({ a: join(teacher, 'lcz.tif'), b: join(student, 'lcz.tif'), outDir: join(temp, 'plain') }, quiet);
    expect(comparison.inputs.a).toMatchObject({ kind: 'map', synthetic: true });
    expect(comparison.inputs.b).toMatchObject({ kind: 'map', synthetic: true });
    expect(readFileSync(join(temp, 'plain', 'report.md'), 'utf8')).toContain('Synthetic demo data');
  });
});
