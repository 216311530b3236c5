// The simulated card's int8 round trip (throughInt8) rounds as the card's runtime does: halves to even, as NumPy and
// the C helper's nearbyintf, and clamps to int8; the values come back as the zero point and scale say.
import { describe, expect, it } from 'vitest';
import { roundHalfEven, throughInt8 } from '../../src/main/metis/simulator/simulated-model';
import { mulberry32 } from '../../src/main/synthetic/noise';

/** The round trip one value at a time, by the definition. */
function reference(values: Float32Array, q: { scale: number; zeroPoint: number }): Float32Array {
  const inverse = 1 / q.scale;
  return values.map((x) => (Math.max(-128, Math.min(127, roundHalfEven(x * inverse + q.zeroPoint))) - q.zeroPoint) * q.scale);
}

describe('throughInt8', () => {
  it('rounds exact halves to even, both signs, and clamps to -128..127', () => {
    // Scale 0.5: x / scale = 2x exactly, so x = k / 4 lands on every half.
    const q = { scale: 0.5, zeroPoint: 3 };
    const values = Float32Array.from({ length: 801 }, (_, k) => (k - 400) / 4);
    const out = throughInt8(values, q);
    expect(Array.from(out)).toEqual(Array.from(reference(values, q)));
    // 0.25 / 0.5 + 3 = 3.5 -> 4; 0.75 -> 4.5 -> 4; -0.25 -> 2.5 -> 2; -3.75 -> -4.5 -> -4.
    const at = (x: number) => out[values.indexOf(x)]! / q.scale + q.zeroPoint;
    expect([at(0.25), at(0.75), at(-0.25), at(-3.75)]).toEqual([4, 4, 2, -4]);
    // 100 / 0.5 + 3 = 203 -> 127; -100 -> -197 -> -128.
    expect([at(100), at(-100)]).toEqual([127, -128]);
  });

  it('agrees with the definition on values like normalised reflectance', () => {
    const random = mulberry32(7);
    const values = Float32Array.from({ length: 100_000 }, () => (random() - 0.5) * 9);
    const q = { scale: 0.0312, zeroPoint: -5 };
    expect(Array.from(throughInt8(values, q))).toEqual(Array.from(reference(values, q)));
  });
});
