import { describe, expect, it } from 'vitest';
import { areaBars, classRows, crossTabCells, pontiusParts, presentClasses } from './compare-data';

/** A 17 x 17 matrix with a few cells set: [a, b, n] with class values 1-17. */
function matrix(entries: [number, number, number][]): number[][] {
  const m = Array.from({ length: 17 }, () => new Array<number>(17).fill(0));
  for (const [a, b, n] of entries) m[a - 1]![b - 1] = n;
  return m;
}

const crossTab = matrix([
  [2, 2, 6],
  [2, 6, 2],
  [11, 17, 2], // A only in A, G only in B
]);
const comparison = {
  crossTab,
  crossTabKm2: crossTab.map((row) => row.map((n) => n / 100)),
  cells: { a: 10, b: 10, compared: 10, km2: 0.1 },
  areaKm2: { a: crossTab.map((row) => row.reduce((s, n) => s + n, 0) / 100), b: crossTab[0]!.map((_, j) => crossTab.reduce((s, row) => s + row[j]!, 0) / 100) },
  areaPercent: { a: crossTab.map((row) => row.reduce((s, n) => s + n, 0) * 10), b: crossTab[0]!.map((_, j) => crossTab.reduce((s, row) => s + row[j]!, 0) * 10) },
  areaDifferenceKm2: new Array<number>(17).fill(0),
  f1: [null, 0.857, null, null, null, 0, null, null, null, null, 0, null, null, null, null, null, 0],
  agreement: 0.6,
  quantityDisagreement: 0.3,
  allocationDisagreement: 0.1,
};

describe('the Compare view\'s numbers', () => {
  it('shows the classes present in either map, in LCZ order', () => {
    expect(presentClasses(comparison).map((c) => c.code)).toEqual(['2', '6', 'A', 'G']);
  });

  it('lays the cross-tabulation out over those classes, A down and B across, with shares of the compared cells', () => {
    const { codes, cells } = crossTabCells(comparison);
    expect(codes).toEqual(['2', '6', 'A', 'G']);
    expect(cells).toHaveLength(16);
    expect(cells.find((c) => c.a === 2 && c.b === 6)).toMatchObject({ aCode: '2', bCode: '6', cells: 2, km2: 0.02, share: 0.2 });
    expect(cells.find((c) => c.a === 11 && c.b === 17)!.label).toBe('A A Dense trees, B G Water: 2 cells (0.02 km²)');
    expect(cells.reduce((s, c) => s + c.cells, 0)).toBe(10);
  });

  it('gives two area bars per present class, and the rows of the class table', () => {
    const bars = areaBars(comparison);
    expect(bars).toHaveLength(8);
    expect(bars.filter((b) => b.code === '2').map((b) => [b.map, b.km2])).toEqual([['A', 0.08], ['B', 0.06]]);
    expect(classRows(comparison).map((r) => [r.code, r.f1])).toEqual([['2', 0.857], ['6', 0], ['A', 0], ['G', 0]]);
  });

  it('stacks agreement, quantity and allocation end to end along one bar of the whole', () => {
    const parts = pontiusParts(comparison);
    expect(parts.map((p) => p.part)).toEqual(['Agreement', 'Quantity', 'Allocation']);
    const ends = parts.flatMap((p) => [p.from, p.to]);
    [0, 0.6, 0.6, 0.9, 0.9, 1].forEach((v, i) => expect(ends[i]).toBeCloseTo(v, 12));
  });
});
