import { describe, expect, it } from 'vitest';
import { PatchExtractor } from '../../src/main/mapping/patch-extract';
import type { PatchFormat, WindowData } from '../../src/main/mapping/patch-format';
import { reflect, type CellPatch } from '../../src/main/mapping/patch-geometry';
import { writeFlippedViews } from '../../src/main/mapping/tta';
import { python, pythonMissing } from '../helpers/python';

const W = 40;
const H = 30;
const SIZE = 8;

function randomWindow(bands: number, seed: number, nodata: number | null = null): WindowData {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) % 4000;
  return { y0: 0, rows: H, width: W, sceneHeight: H, nodata, bands: Array.from({ length: bands }, () => Uint16Array.from({ length: W * H }, next)) };
}

const aligned = (c0: number, r0: number): CellPatch => ({ u0: c0 + 0.5, v0: r0 + 0.5, dub: 1, dvb: 0, dua: 0, dva: 1, aligned: true, c0, r0 });

function format(layout: 'NCHW' | 'NHWC', channels: number): PatchFormat {
  return {
    size: SIZE,
    layout,
    sources: Array.from({ length: channels }, (_, c) => channels - 1 - c), // reversed, to catch a mix-up of channel and band
    gain: Float32Array.from({ length: channels }, (_, c) => 0.001 * (c + 1)),
    bias: Float32Array.from({ length: channels }, (_, c) => -0.5 * c),
    footprint: 4,
  };
}

/** The patch written out the slow, obvious way. */
function naive(win: WindowData, f: PatchFormat, c0: number, r0: number): Float32Array {
  const out = new Float32Array(SIZE * SIZE * f.sources.length);
  for (let c = 0; c < f.sources.length; c++)
    for (let a = 0; a < SIZE; a++)
      for (let q = 0; q < SIZE; q++) {
        const raw = win.bands[f.sources[c]!]![reflect(r0 + a, H) * W + reflect(c0 + q, W)]!;
        const at = f.layout === 'NCHW' ? c * SIZE * SIZE + a * SIZE + q : (a * SIZE + q) * f.sources.length + c;
        out[at] = Math.fround(raw * f.gain[c]! + f.bias[c]!);
      }
  return out;
}

describe('patch extraction', () => {
  it.skipIf(pythonMissing('numpy'))('reflects indices as numpy.pad(mode="symmetric") does', () => {
    const ours = Array.from({ length: 29 }, (_, i) => reflect(i - 12, 5));
    const numpy = JSON.parse(python('import numpy as np, json; print(json.dumps(np.pad(np.arange(5), 12, mode="symmetric").tolist()))')) as number[];
    expect(ours).toEqual(numpy);
  });

  // Two paths: a window without no data is normalised once and patches are copied row by row; a window with a hole
  // (here at a pixel none of these patches reads) is read pixel by pixel. Both must give the obvious result.
  for (const [layout, holes] of [['NCHW', false], ['NHWC', false], ['NCHW', true], ['NHWC', true]] as const) {
    it(`copies aligned patches in ${layout}, inside and across every edge, from a window ${holes ? 'with' : 'without'} no data`, () => {
      const win = randomWindow(3, 7, holes ? 9999 : null);
      if (holes) win.bands[0]![5 * W + 25] = 9999;
      const f = format(layout, 3);
      const extractor = new PatchExtractor(f);
      for (const [c0, r0] of [[10, 10], [-5, -3], [W - 3, H - 2], [-7, H - 6]] as const) {
        const out = new Float32Array(SIZE * SIZE * 3 + 5);
        expect(extractor.extract(win, aligned(c0, r0), out, 5)).toBe(0);
        expect(out.subarray(5)).toEqual(naive(win, f, c0, r0));
      }
    });
  }

  it('interpolates bilinearly between pixel centres, and agrees with the copy on whole pixels', () => {
    const win = randomWindow(1, 3);
    const f = format('NCHW', 1);
    const extractor = new PatchExtractor(f);
    const exact = new Float32Array(SIZE * SIZE);
    const viaInterp = new Float32Array(SIZE * SIZE);
    extractor.extract(win, aligned(6, 4), exact, 0);
    extractor.extract(win, { ...aligned(6, 4), aligned: false }, viaInterp, 0);
    for (let i = 0; i < exact.length; i++) expect(viaInterp[i]).toBeCloseTo(exact[i]!, 3);
    // Half a pixel right: the mean of two neighbours.
    const half = new Float32Array(SIZE * SIZE);
    extractor.extract(win, { ...aligned(6, 4), u0: 7, aligned: false }, half, 0);
    const band = win.bands[0]!;
    const expected = ((band[4 * W + 6]! + band[4 * W + 7]!) / 2) * f.gain[0]! + f.bias[0]!;
    expect(half[0]).toBeCloseTo(expected, 3);
  });

  it('zeroes no-data pixels in every band and reports the share of the cell footprint that is no data', () => {
    const win = randomWindow(2, 5, 9999);
    // No data over the top-left quarter of the cell footprint (patch rows/cols 2..3 of the central 4 x 4).
    for (let r = 12; r < 14; r++) for (let c = 12; c < 14; c++) win.bands[1]![r * W + c] = 9999;
    const f = format('NHWC', 2);
    const out = new Float32Array(SIZE * SIZE * 2);
    const share = new PatchExtractor(f).extract(win, aligned(10, 10), out, 0);
    expect(share).toBeCloseTo(4 / 16, 9);
    const p = 2 * SIZE + 2; // patch pixel (2, 2) = scene (12, 12)
    expect([out[p * 2], out[p * 2 + 1]]).toEqual([0, 0]);
    expect(out[(3 * SIZE + 5) * 2]).not.toBe(0);
  });

  it('writes the three flipped views of a patch', () => {
    const win = randomWindow(2, 11);
    for (const layout of ['NCHW', 'NHWC'] as const) {
      const f = format(layout, 2);
      const len = SIZE * SIZE * 2;
      const buf = new Float32Array(len * 4);
      new PatchExtractor(f).extract(win, aligned(3, 3), buf, 0);
      writeFlippedViews(buf, 0, SIZE, 2, layout);
      const at = (view: number, c: number, a: number, q: number) => buf[view * len + (layout === 'NCHW' ? c * SIZE * SIZE + a * SIZE + q : (a * SIZE + q) * 2 + c)];
      for (const [c, a, q] of [[0, 1, 2], [1, 7, 0], [1, 4, 6]] as const) {
        expect(at(1, c, a, SIZE - 1 - q)).toBe(at(0, c, a, q));
        expect(at(2, c, SIZE - 1 - a, q)).toBe(at(0, c, a, q));
        expect(at(3, c, SIZE - 1 - a, SIZE - 1 - q)).toBe(at(0, c, a, q));
      }
    }
  });
});
