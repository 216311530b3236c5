/**
 * Stateless randomness for textures: an integer hash of (x, y, salt) and value noise built on it. Nothing is
 * carried from one pixel to the next, so any window of a scene renders exactly as the same rows of the whole.
 * Only 32-bit integer maths and IEEE doubles: the same on every platform.
 */

const TO_UNIT = 1 / 4294967296;

/** A well-mixed 32-bit hash of two integers and a salt (murmur3's finaliser over a linear combination). */
export function hash3(x: number, y: number, salt: number): number {
  return mix32(Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(salt | 0, 0x9e3779b1));
}

/** Byte `k` (0-3) of a hash as a number in [0, 1): four independent draws from one hash. */
export function byteOf(h: number, k: number): number {
  return ((h >>> (8 * k)) & 255) / 256;
}

/** murmur3's finaliser: the last step of hash3, for callers that combine coordinates themselves. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Value noise: hashed values on the integer lattice, smoothly interpolated; in [0, 1). The corners' hashes are
 * hash3's, with the coordinate products shared between corners (imul(x + 1, c) = imul(x, c) + c).
 */
export function noise2(x: number, y: number, salt: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  let fx = x - xi;
  let fy = y - yi;
  fx = fx * fx * (3 - 2 * fx);
  fy = fy * fy * (3 - 2 * fy);
  const s = Math.imul(salt | 0, 0x9e3779b1);
  const x0 = Math.imul(xi | 0, 0x27d4eb2d);
  const x1 = (x0 + 0x27d4eb2d) | 0;
  const y0 = Math.imul(yi | 0, 0x165667b1) ^ s;
  const y1 = Math.imul((yi + 1) | 0, 0x165667b1) ^ s;
  const a = mix32(x0 ^ y0);
  const b = mix32(x1 ^ y0);
  const c = mix32(x0 ^ y1);
  const d = mix32(x1 ^ y1);
  const top = a + (b - a) * fx;
  const bottom = c + (d - c) * fx;
  return (top + (bottom - top) * fy) * TO_UNIT;
}

/** Two octaves of value noise (the second twice as fine, half as strong): clumpier than one, still cheap. */
export function noise2f(x: number, y: number, salt: number): number {
  return (2 * noise2(x, y, salt) + noise2(2.03 * x + 17.1, 2.03 * y + 5.3, salt + 1)) / 3;
}

/** 0 below `a`, 1 above `b`, smooth in between (a > b flips it). */
export function smoothstep(a: number, b: number, t: number): number {
  const s = Math.min(1, Math.max(0, (t - a) / (b - a)));
  return s * s * (3 - 2 * s);
}

/** Sorted samples of a noise function, to turn "cover 30 %" into the threshold the noise passes 30 % of the time. */
function quantiles(f: (x: number, y: number, salt: number) => number): Float64Array {
  const samples = new Float64Array(4096);
  for (let i = 0; i < samples.length; i++) samples[i] = f((i % 64) * 0.731 + 0.37, Math.floor(i / 64) * 0.677 + 0.21, 99);
  return samples.sort();
}
const Q2 = quantiles(noise2);
const Q2F = quantiles(noise2f);

/** The value noise2 stays below with probability p. */
export function noise2Quantile(p: number): number {
  return Q2[Math.min(Q2.length - 1, Math.max(0, Math.round(p * (Q2.length - 1))))]!;
}

/** The value noise2f stays below with probability p. */
export function noise2fQuantile(p: number): number {
  return Q2F[Math.min(Q2F.length - 1, Math.max(0, Math.round(p * (Q2F.length - 1))))]!;
}
