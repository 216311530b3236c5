import { describe, expect, it } from 'vitest';
import {
  CONFIDENCE_NODATA,
  DIM_RGBA,
  HATCH_GAP_RGBA,
  HATCH_LINE_RGBA,
  agreementFromDisagreement,
  countUnsure,
  hatchGeometry,
  isUnsure,
  overlayScale,
  paintConfidence,
} from './confidence-image';
import { availableMeasures, effectiveMeasure, measureValues } from './confidence-grids';

function pixel(rgba: Uint8ClampedArray, width: number, x: number, y: number): number[] {
  const i = (y * width + x) * 4;
  return [...rgba.subarray(i, i + 4)];
}

const N = CONFIDENCE_NODATA;

describe('isUnsure and countUnsure', () => {
  it('marks cells under the threshold, never no data, and a value at the threshold as sure', () => {
    expect(isUnsure(124, 0.5)).toBe(true);
    expect(isUnsure(125, 0.5)).toBe(false);
    expect(isUnsure(N, 1)).toBe(false);
    expect(isUnsure(0, 0)).toBe(false);
    expect(isUnsure(249, 1)).toBe(true);
    expect(isUnsure(250, 1)).toBe(false);
  });

  it('counts unsure cells among the cells with data', () => {
    expect(countUnsure(new Uint8Array([0, 100, 200, 250, N, N]), 0.6)).toEqual({ unsure: 2, valid: 4 });
  });
});

describe('agreementFromDisagreement', () => {
  it('turns disagreement into agreement so that high means sure, keeping no data', () => {
    expect([...agreementFromDisagreement(new Uint8Array([0, 250, 50, N]))]).toEqual([250, 0, 200, N]);
  });
});

describe('overlayScale', () => {
  it('gives small grids several pixels per cell and huge ones one', () => {
    expect(overlayScale(150, 120)).toBe(8);
    expect(overlayScale(600, 300)).toBe(3);
    expect(overlayScale(5000, 4000)).toBe(1);
  });
});

describe('paintConfidence', () => {
  // 2 x 2 cells: sure, unsure, no data, unsure (threshold 0.5 = byte 125).
  const values = new Uint8Array([200, 40, N, 124]);

  it('washes out unsure cells and leaves sure cells and no data transparent (dim)', () => {
    const { rgba, width, height } = paintConfidence(values, 2, 2, { threshold: 0.5, style: 'dim', scale: 1 });
    expect([width, height]).toEqual([2, 2]);
    expect(pixel(rgba, 2, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 2, 1, 0)).toEqual([...DIM_RGBA]);
    expect(pixel(rgba, 2, 0, 1)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 2, 1, 1)).toEqual([...DIM_RGBA]);
  });

  it('leaves a cell exactly at the threshold unmarked', () => {
    const { rgba } = paintConfidence(new Uint8Array([125, 124]), 2, 1, { threshold: 0.5, style: 'dim', scale: 1 });
    expect(pixel(rgba, 2, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(rgba, 2, 1, 0)).toEqual([...DIM_RGBA]);
  });

  it('follows the threshold: a lower one leaves fewer cells marked', () => {
    const { rgba } = paintConfidence(values, 2, 2, { threshold: 0.2, style: 'dim', scale: 1 });
    expect(pixel(rgba, 2, 1, 0)).toEqual([...DIM_RGBA]);
    expect(pixel(rgba, 2, 1, 1)).toEqual([0, 0, 0, 0]);
  });

  it('hatches unsure cells with diagonal lines continuous across cells, scaled up', () => {
    const scale = 4;
    const { rgba, width, height } = paintConfidence(new Uint8Array([0, 0, 250, 0]), 2, 2, { threshold: 0.5, style: 'hatch', scale });
    expect([width, height]).toEqual([8, 8]);
    const { period, lineWidth } = hatchGeometry(scale);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const sureCell = x < 4 && y >= 4;
        const expected = sureCell ? [0, 0, 0, 0] : (x + y) % period < lineWidth ? [...HATCH_LINE_RGBA] : [...HATCH_GAP_RGBA];
        expect(pixel(rgba, width, x, y), `pixel ${x},${y}`).toEqual(expected);
      }
    }
    // Both colours occur: lines and gaps.
    const seen = new Set<string>();
    for (let i = 0; i < rgba.length; i += 4) seen.add(String(rgba[i + 3]));
    expect(seen).toEqual(new Set(['0', String(HATCH_LINE_RGBA[3]), String(HATCH_GAP_RGBA[3])]));
  });

  it('rejects a grid of the wrong size', () => {
    expect(() => paintConfidence(new Uint8Array(3), 2, 2, { threshold: 0.5, style: 'dim', scale: 1 })).toThrow(/holds 3 cells/);
  });
});

describe('measureValues', () => {
  const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));
  const single = { maxProbabilityBase64: b64([250, 10]), marginBase64: b64([1, 2]), certaintyBase64: b64([3, 4]), disagreementBase64: null };
  const ensemble = { ...single, disagreementBase64: b64([0, 250]) };

  it('offers agreement only for ensembles, and falls back to max probability', () => {
    expect(availableMeasures(single)).not.toContain('agreement');
    expect(availableMeasures(ensemble)).toContain('agreement');
    expect(effectiveMeasure(single, 'agreement')).toBe('maxProbability');
    expect(effectiveMeasure(ensemble, 'agreement')).toBe('agreement');
  });

  it('decodes the grid of each measure, agreement inverted', () => {
    expect([...measureValues(ensemble, 'maxProbability', 2)]).toEqual([250, 10]);
    expect([...measureValues(ensemble, 'certainty', 2)]).toEqual([3, 4]);
    expect([...measureValues(ensemble, 'agreement', 2)]).toEqual([250, 0]);
    expect(() => measureValues(single, 'agreement', 2)).toThrow(/single model/);
    expect(() => measureValues(single, 'margin', 3)).toThrow(/holds 2 bytes, expected 3/);
  });
});
