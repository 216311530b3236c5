import { describe, expect, it } from 'vitest';
import type { BootstrapRun, SuspiciousArea, TrainingArea } from '../../../shared/contract';
import { bootstrapMedians, bootstrapRows, classCounts, problemZoomTarget, suspiciousOutlines, withFreshIds } from './areas-data';

/** A square area of side `d` degrees with its south-west corner at (x, y). */
function square(id: string, lcz: number, x: number, y: number, d = 0.01): TrainingArea {
  return { id, lcz, name: id, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] } };
}

function run(oa: number, oaU: number | null): BootstrapRun {
  return { oa, oaU, oaBU: oa + 0.05, oaW: oa + 0.1, f1: new Array<null>(17).fill(null), testCells: 10 };
}

describe('classCounts', () => {
  const areas = [square('a', 2, 0, 0), square('b', 2, 1, 1), square('c', 17, 2, 2)];

  it('counts the polygons of each of the 17 classes, in class order', () => {
    const rows = classCounts(areas, null);
    expect(rows).toHaveLength(17);
    expect(rows.map((r) => r.areas)).toEqual([0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(rows[16]).toMatchObject({ code: 'G', name: 'Water', color: '#6a6aff' });
    // Not checked: the cells are unknown, not zero.
    expect(rows.every((r) => r.cells === null)).toBe(true);
  });

  it("takes the cells from the check, zero for a class the check did not find", () => {
    const rows = classCounts(areas, { classes: [{ lcz: 2, areas: 2, cells: 40 }] });
    expect(rows[1]!.cells).toBe(40);
    expect(rows[16]!.cells).toBe(0);
  });
});

describe('problemZoomTarget', () => {
  const areas = [square('a', 2, 10, 20), square('b', 3, 11, 21), square('c', 3, 12, 22)];

  it('goes where the check says when it gives bounds', () => {
    expect(problemZoomTarget({ bounds: [1, 2, 3, 4], areaIds: ['a'] }, areas)).toEqual([1, 2, 3, 4]);
  });

  it('else frames the areas the problem names', () => {
    const target = problemZoomTarget({ bounds: null, areaIds: ['b', 'c'] }, areas)!;
    expect(target[0]).toBeCloseTo(11);
    expect(target[1]).toBeCloseTo(21);
    expect(target[2]).toBeCloseTo(12.01);
    expect(target[3]).toBeCloseTo(22.01);
  });

  it('frames every area for a problem of the whole set, or of areas since deleted', () => {
    expect(problemZoomTarget({ bounds: null, areaIds: [] }, areas)![0]).toBeCloseTo(10);
    expect(problemZoomTarget({ bounds: null, areaIds: ['gone'] }, areas)![2]).toBeCloseTo(12.01);
    expect(problemZoomTarget({ bounds: null, areaIds: [] }, [])).toBeNull();
  });
});

describe('bootstrapRows and bootstrapMedians', () => {
  it('gives one row per run and measure, leaving out OA_u where a run had no urban cells', () => {
    const rows = bootstrapRows([run(0.8, 0.7), run(0.6, null)]);
    expect(rows.filter((r) => r.measure === 'OA').map((r) => r.value)).toEqual([0.8, 0.6]);
    expect(rows.filter((r) => r.measure === 'OA_u')).toEqual([{ measure: 'OA_u', value: 0.7, run: 1 }]);
    expect(rows).toHaveLength(7);
  });

  it('gives the median of each measure', () => {
    const medians = bootstrapMedians([run(0.8, 0.7), run(0.6, null), run(0.7, 0.5)]);
    expect(medians.OA).toBeCloseTo(0.7);
    expect(medians.OA_u).toBeCloseTo(0.6);
    expect(medians.OA_w).toBeCloseTo(0.8);
    expect(bootstrapMedians([]).OA).toBeNull();
  });
});

describe('suspiciousOutlines', () => {
  const suspicious = (id: string): SuspiciousArea => ({ id, name: id, lcz: 2, otherShare: 0.9, assignedLcz: 17, runsTested: 8, bounds: [1, 2, 3, 4] });

  it("outlines an area still in the list by its polygon, one since deleted by the run's box", () => {
    const [kept, gone] = suspiciousOutlines([suspicious('a'), suspicious('x')], [square('a', 2, 5, 5)]);
    expect(kept![2]).toEqual([5.01, 5.01]);
    expect(gone).toEqual([[1, 2], [3, 2], [3, 4], [1, 4], [1, 2]]);
  });
});

describe('withFreshIds', () => {
  it('keeps ids that are free and renames the ones already taken, without clashes among themselves', () => {
    const existing = [square('1', 2, 0, 0), square('olinda-1', 2, 0, 0)];
    const imported = [square('1', 3, 0, 0), square('2', 3, 0, 0)];
    const ids = withFreshIds(imported, existing, 'olinda').map((a) => a.id);
    expect(ids).toEqual(['olinda-1-2', '2']);
    expect(new Set([...existing.map((a) => a.id), ...ids]).size).toBe(4);
  });
});
