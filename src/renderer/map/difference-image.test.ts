import { describe, expect, it } from 'vitest';
import type { DifferenceCodes } from '../../shared/contract/compare';
import { hexToRgb, LCZ_CLASSES } from '../../shared/lcz-classes';
import { paintDifference, paintHighlight } from './difference-image';
import { differencePalette, HIGHLIGHT_COLOUR, OTHER_PAIRS_COLOUR } from './difference-palette';

const pixel = (rgba: Uint8ClampedArray, i: number) => [...rgba.subarray(i * 4, i * 4 + 4)];

/** Nine pairs, the largest first by cells; codes in (a, b) order as difference.tif has them. */
const table: DifferenceCodes = {
  nodata: 0,
  agreement: 1,
  pairs: [
    { code: 2, a: 1, b: 2, cells: 5 },
    { code: 3, a: 1, b: 3, cells: 90 },
    { code: 4, a: 2, b: 1, cells: 7 },
    { code: 5, a: 2, b: 6, cells: 40 },
    { code: 6, a: 3, b: 1, cells: 8 },
    { code: 7, a: 4, b: 5, cells: 9 },
    { code: 8, a: 6, b: 2, cells: 10 },
    { code: 9, a: 6, b: 9, cells: 11 },
    { code: 10, a: 11, b: 12, cells: 12 },
  ],
  other: { code: 255, pairs: 3, cells: 4 },
};

describe('differencePalette', () => {
  it('gives the seven largest pairs a colour each, largest first, and counts the rest with code 255 as other', () => {
    const palette = differencePalette(table);
    expect(palette.pairs.map((p) => p.code)).toEqual([3, 5, 10, 9, 8, 7, 6]);
    expect(new Set(palette.pairs.map((p) => p.color)).size).toBe(7);
    const lczColours = new Set(LCZ_CLASSES.map((c) => c.color));
    expect(palette.pairs.some((p) => lczColours.has(p.color) || p.color === HIGHLIGHT_COLOUR)).toBe(false);
    expect(palette.other).toEqual({ pairs: 2 + 3, cells: 5 + 7 + 4 });
  });
});

describe('paintDifference', () => {
  it('leaves no data clear, fades agreement in A\'s class colour, and paints pairs in their colours', () => {
    const palette = differencePalette(table);
    const codes = new Uint8Array([0, 1, 1, 3, 2, 255]);
    const classes = new Uint8Array([0, 1, 17, 1, 1, 5]);
    const rgba = paintDifference(codes, classes, palette);
    expect(pixel(rgba, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 1)).toEqual([...hexToRgb(LCZ_CLASSES[0]!.color), 77]);
    expect(pixel(rgba, 2)).toEqual([...hexToRgb(LCZ_CLASSES[16]!.color), 77]);
    expect(pixel(rgba, 3)).toEqual([...hexToRgb(palette.pairs[0]!.color), 255]);
    expect(pixel(rgba, 4)).toEqual([...hexToRgb(OTHER_PAIRS_COLOUR), 255]); // pair 1 -> 2 is the smallest: other
    expect(pixel(rgba, 5)).toEqual([...hexToRgb(OTHER_PAIRS_COLOUR), 255]);
  });
});

describe('paintHighlight', () => {
  const codes = new Uint8Array([0, 1, 1, 3, 3, 255, 255, 5]);
  const classes = new Uint8Array([0, 1, 2, 1, 1, 7, 8, 2]);
  const highlighted = (a: number, b: number) => {
    const { rgba, cells } = paintHighlight(codes, classes, table, { a, b });
    const hits = [...codes].map((_, i) => pixel(rgba, i)).flatMap((p, i) => (p.join() === [...hexToRgb(HIGHLIGHT_COLOUR), 255].join() ? [i] : []));
    expect(hits).toHaveLength(cells);
    return { hits, rgba };
  };

  it('marks the cells of a disagreeing pair, veils the others and leaves no data clear', () => {
    const { hits, rgba } = highlighted(1, 3);
    expect(hits).toEqual([3, 4]);
    expect(pixel(rgba, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 1)).toEqual([255, 255, 255, 153]);
  });

  it('marks the agreeing cells of one class for a diagonal cell', () => {
    expect(highlighted(2, 2).hits).toEqual([2]);
  });

  it('finds a pair folded into code 255 among those cells by A\'s class', () => {
    expect(highlighted(8, 17).hits).toEqual([6]);
  });
});
