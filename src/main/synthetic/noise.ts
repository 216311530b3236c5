/**
 * Seeded randomness for synthetic data: a small PRNG and smooth value noise. Deterministic across platforms
 * (only integer maths and IEEE doubles), so a seed always gives the same map.
 */

/** mulberry32: a 32-bit PRNG, good enough for test fixtures, returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 2-D value noise on a 256-periodic lattice with smoothstep interpolation, values in [0, 1]. */
export class ValueNoise {
  private readonly lattice = new Float64Array(256 * 256);

  constructor(random: () => number) {
    for (let i = 0; i < this.lattice.length; i++) this.lattice[i] = random();
  }

  at(x: number, y: number): number {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const fx = smooth(x - xi);
    const fy = smooth(y - yi);
    const v00 = this.cell(xi, yi);
    const v10 = this.cell(xi + 1, yi);
    const v01 = this.cell(xi, yi + 1);
    const v11 = this.cell(xi + 1, yi + 1);
    const top = v00 + (v10 - v00) * fx;
    const bottom = v01 + (v11 - v01) * fx;
    return top + (bottom - top) * fy;
  }

  /** Fractal sum of octaves (each twice as fine, half as strong), rescaled to [0, 1]. */
  fbm(x: number, y: number, octaves = 4): number {
    let sum = 0;
    let amp = 1;
    let norm = 0;
    let f = 1;
    for (let o = 0; o < octaves; o++) {
      // Offset each octave so their lattices do not line up.
      sum += amp * this.at(x * f + o * 37.1, y * f + o * 17.3);
      norm += amp;
      amp *= 0.5;
      f *= 2;
    }
    return sum / norm;
  }

  private cell(x: number, y: number): number {
    return this.lattice[((y & 255) << 8) | (x & 255)]!;
  }
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}
