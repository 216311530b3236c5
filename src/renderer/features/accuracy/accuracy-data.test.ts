import { describe, expect, it } from 'vitest';
import { confusionCells, f1Rows, meanF1, probabilityRows } from './accuracy-data';

function matrix(entries: [number, number, number][]): number[][] {
  const m = Array.from({ length: 17 }, () => new Array<number>(17).fill(0));
  for (const [t, p, n] of entries) m[t - 1]![p - 1] = n;
  return m;
}

describe('confusionCells', () => {
  it('keeps the classes present in truth or map, with row shares', () => {
    // truth 2: 30 right, 10 mapped as A (11); truth 17 (G): 5 right; class 6 only predicted once, from truth G.
    const { codes, cells } = confusionCells({ confusion: matrix([[2, 2, 30], [2, 11, 10], [17, 17, 5], [17, 6, 1]]) });
    expect(codes).toEqual(['2', '6', 'A', 'G']);
    expect(cells).toHaveLength(16);
    const cell = (t: string, p: string) => cells.find((c) => c.truth === t && c.predicted === p)!;
    expect(cell('2', '2').share).toBeCloseTo(0.75);
    expect(cell('2', 'A').count).toBe(10);
    expect(cell('G', '6').share).toBeCloseTo(1 / 6);
    // A class present only as a prediction has an empty row, not a division by zero.
    expect(cell('6', '6')).toMatchObject({ count: 0, share: 0 });
    expect(cell('2', 'A').label).toContain('truth 2 Compact mid-rise, mapped A Dense trees: 10 cells');
  });

  it('names what is counted: test patches are predicted, not mapped', () => {
    const { cells } = confusionCells({ confusion: matrix([[2, 11, 10]]) }, 'patches');
    expect(cells.find((c) => c.truth === '2' && c.predicted === 'A')?.label).toBe('truth 2 Compact mid-rise, predicted A Dense trees: 10 patches (100.0 % of the row)');
  });
});

describe('f1Rows and meanF1', () => {
  const f1 = Array.from({ length: 17 }, (_, i) => (i === 0 ? 0.5 : i === 16 ? 1 : null));

  it('lists the classes that have an F1, with their colours', () => {
    expect(f1Rows({ f1 }).map((r) => [r.code, r.f1, r.color])).toEqual([['1', 0.5, '#8c0000'], ['G', 1, '#6a6aff']]);
  });

  it('uses the summary macro F1, else the mean of the classes', () => {
    expect(meanF1({ f1, macroF1: 0.7 })).toBe(0.7);
    expect(meanF1({ f1, macroF1: null })).toBe(0.75);
  });
});

describe('probabilityRows', () => {
  it('gives all 17 classes in order', () => {
    const rows = probabilityRows(Array.from({ length: 17 }, (_, i) => i / 136));
    expect(rows).toHaveLength(17);
    expect(rows[10]).toMatchObject({ code: 'A', name: 'Dense trees', p: 10 / 136 });
  });
});
