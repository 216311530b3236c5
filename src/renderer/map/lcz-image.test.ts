import { describe, expect, it } from 'vitest';
import { LCZ_CLASSES, hexToRgb } from '../../shared/lcz-classes';
import { decodeClasses, paintClasses } from './lcz-image';

function base64(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}

function pixel(rgba: Uint8ClampedArray, i: number): number[] {
  return [...rgba.subarray(i * 4, i * 4 + 4)];
}

describe('decodeClasses', () => {
  it('reads one byte per cell', () => {
    expect([...decodeClasses(base64([0, 1, 17, 11, 2, 0]), 3, 2)]).toEqual([0, 1, 17, 11, 2, 0]);
  });

  it('rejects a grid of the wrong size', () => {
    expect(() => decodeClasses(base64([1, 2, 3]), 2, 2)).toThrow(/holds 3 cells, expected 2 × 2/);
  });
});

describe('paintClasses', () => {
  const classes = new Uint8Array([0, 1, 2, 11, 17, 200]);

  it('paints every class in its standard colour, opaque', () => {
    const rgba = paintClasses(new Uint8Array(LCZ_CLASSES.map((c) => c.value)), new Set());
    LCZ_CLASSES.forEach((lcz, i) => expect(pixel(rgba, i)).toEqual([...hexToRgb(lcz.color), 255]));
  });

  it('leaves nodata and unknown values transparent', () => {
    const rgba = paintClasses(classes, new Set());
    expect(pixel(rgba, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 5)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 2)).toEqual([0xd1, 0, 0, 255]);
  });

  it('leaves hidden classes transparent and keeps the others', () => {
    const rgba = paintClasses(classes, new Set([2, 17]));
    expect(pixel(rgba, 2)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 4)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 1)).toEqual([0x8c, 0, 0, 255]);
    expect(pixel(rgba, 3)).toEqual([0, 0x6a, 0, 255]);
  });
});
