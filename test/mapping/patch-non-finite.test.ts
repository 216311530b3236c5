// Infinite pixels are no data exactly as NaN is, on each of the extractor's three paths: the normalised window
// (aligned patches from a window without holes), the per-pixel copy (aligned, window with holes) and bilinear
// interpolation (a grid not aligned with the scene's pixels).
import { describe, expect, it } from 'vitest';
import { PatchExtractor } from '../../src/main/mapping/patch-extract';
import type { PatchFormat, WindowData } from '../../src/main/mapping/patch-format';
import type { CellPatch } from '../../src/main/mapping/patch-geometry';

const W = 24;
const H = 24;
const SIZE = 8;

const format: PatchFormat = { size: SIZE, layout: 'NHWC', sources: [0, 1], gain: Float32Array.of(2, 3), bias: Float32Array.of(-1, 0.5), footprint: 4 };

/** A two-band Float32 window with `hole` written into band `band` over the footprint's top-left 2 x 2 pixels. */
function windowWith(hole: number, band: number): WindowData {
  const bands = [0, 1].map((b) => Float32Array.from({ length: W * H }, (_, i) => 0.01 * ((i * (b + 3)) % 97)));
  for (let r = 10; r < 12; r++) for (let c = 10; c < 12; c++) bands[band]![r * W + c] = hole;
  return { y0: 0, rows: H, width: W, sceneHeight: H, nodata: null, bands };
}

const aligned: CellPatch = { u0: 8.5, v0: 8.5, dub: 1, dvb: 0, dua: 0, dva: 1, aligned: true, c0: 8, r0: 8 };
const unaligned: CellPatch = { ...aligned, u0: 8.75, v0: 8.75, aligned: false };

function extract(win: WindowData, patch: CellPatch): { share: number; out: Float32Array } {
  const out = new Float32Array(SIZE * SIZE * 2);
  return { share: new PatchExtractor(format).extract(win, patch, out, 0), out };
}

describe('non-finite pixels in patches', () => {
  for (const [name, patch] of [['aligned', aligned], ['interpolated', unaligned]] as const) {
    for (const [hole, band] of [[Infinity, 0], [-Infinity, 1]] as const) {
      it(`${name}: ${hole} in band ${band + 1} is no data as NaN is`, () => {
        const inf = extract(windowWith(hole, band), patch);
        const nan = extract(windowWith(NaN, band), patch);
        expect(inf.share).toBeGreaterThan(0);
        expect(inf.share).toBe(nan.share);
        expect(inf.out.every(Number.isFinite)).toBe(true);
        expect(inf.out).toEqual(nan.out);
      });
    }
  }

  it('a window without a NaN but with an infinity is not normalised as a whole (its holes are tracked)', () => {
    const win = windowWith(Infinity, 0);
    // Reads a patch away from the infinities first, so that the window would be normalised on the fast path.
    const far: CellPatch = { ...aligned, c0: 14, r0: 14, u0: 14.5, v0: 14.5 };
    const out = new Float32Array(SIZE * SIZE * 2);
    const extractor = new PatchExtractor(format);
    expect(extractor.extract(win, far, out, 0)).toBe(0);
    expect(extractor.extract(win, aligned, out, 0)).toBeCloseTo(4 / 16, 9);
    expect(out.every(Number.isFinite)).toBe(true);
  });
});
