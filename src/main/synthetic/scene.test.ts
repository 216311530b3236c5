import { describe, expect, it } from 'vitest';
import { createSyntheticScene } from './scene';

const SIZE = 40; // 400 x 400 pixels: big enough for a compact core, suburbs and fields

/** All bands of rows y0.. as one byte buffer, for exact comparison. */
const bytes = (bands: Uint16Array[]) => Buffer.concat(bands.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));

describe('the synthetic scene', () => {
  const scene = createSyntheticScene({ seed: 7, size: SIZE });
  const full = scene.renderRows(0, scene.height);

  it('lies on the grid of its true LCZ map: same origin, 10 x 10 pixels a cell, 10 bands', () => {
    expect([scene.width, scene.height]).toEqual([10 * scene.truth.width, 10 * scene.truth.height]);
    const [x0, dx, rx, y0, ry, dy] = scene.truth.geoTransform;
    expect(scene.geoTransform).toEqual([x0, dx / 10, rx, y0, ry, dy / 10]);
    expect(scene.bands).toEqual(['B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B11', 'B12']);
    expect(full).toHaveLength(10);
    for (const band of full) expect(band.includes(0), 'no pixel is nodata').toBe(false);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = createSyntheticScene({ seed: 7, size: SIZE }).renderRows(0, scene.height);
    expect(bytes(again).equals(bytes(full))).toBe(true);
    const other = createSyntheticScene({ seed: 8, size: SIZE }).renderRows(0, scene.height);
    expect(bytes(other).equals(bytes(full))).toBe(false);
  });

  it('renders any window of rows exactly as the same rows of the whole scene', () => {
    const fresh = createSyntheticScene({ seed: 7, size: SIZE }); // nothing rendered before: no state to lean on
    for (const [y0, rows] of [[233, 17], [0, 1], [399, 1], [95, 11], [10, 64]] as const) {
      const window = fresh.renderRows(y0, rows);
      const expected = full.map((b) => b.subarray(y0 * scene.width, (y0 + rows) * scene.width));
      expect(bytes(window).equals(bytes(expected)), `rows ${y0}-${y0 + rows - 1}`).toBe(true);
    }
    expect(() => fresh.renderRows(395, 6)).toThrow(/outside/);
  });

  it('gives the 20 m bands (B5, B6, B7, B8A, B11, B12) 20 m pixels, aligned with the 10 m grid', () => {
    const { width, height } = scene;
    const blocky = (band: Uint16Array) => {
      let same = 0;
      for (let y = 0; y < height; y += 2) {
        for (let x = 0; x < width; x += 2) {
          const v = band[y * width + x];
          if (band[y * width + x + 1] === v && band[(y + 1) * width + x] === v && band[(y + 1) * width + x + 1] === v) same++;
        }
      }
      return same / ((width * height) / 4);
    };
    for (const [b, name] of scene.bands.entries()) {
      if (['B5', 'B6', 'B7', 'B8A', 'B11', 'B12'].includes(name)) expect(blocky(full[b]!), name).toBe(1);
      else expect(blocky(full[b]!), name).toBeLessThan(0.05);
    }
  });

  it('hides the 100 m cell edges where neighbouring cells share a class', () => {
    // Mean NIR step between adjacent columns, across a cell edge and inside cells, where both cells share a class:
    // textures that restarted at each cell would make the steps across edges larger.
    const { width } = scene;
    const nir = full[6]!;
    const classOf = (x: number, y: number) => scene.truth.classes[Math.floor(y / 10) * scene.truth.width + Math.floor(x / 10)]!;
    const step = (offset: number) => {
      let sum = 0;
      let n = 0;
      for (let y = 0; y < scene.height; y++) {
        for (let x = 10 + offset; x < width; x += 10) {
          if (classOf(x - 1, y) !== classOf(x, y) || classOf(x - 10, y) !== classOf(x, y)) continue;
          sum += Math.abs(nir[y * width + x]! - nir[y * width + x - 1]!);
          n++;
        }
      }
      return sum / n;
    };
    const inside = (step(3) + step(5) + step(7)) / 3;
    expect(step(0) / inside).toBeLessThan(1.1);
    expect(step(0) / inside).toBeGreaterThan(0.9);
  });
});
