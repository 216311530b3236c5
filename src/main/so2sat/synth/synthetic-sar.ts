/**
 * Plausible Sentinel-1 patches for synthetic cities, in So2Sat's `sen1` layout (channels last): Re(VH), Im(VH),
 * Re(VV), Im(VV), filtered VH intensity, filtered VV intensity, Re and Im of the filtered VH x conj(VV)
 * covariance. Backscatter depends on the class under each pixel (water dark, forest bright in VH, built-up
 * brightest in VV with strong point scatterers, hence the heavy tails of the intensities); single-look speckle
 * makes the complex channels circular Gaussian. The "Lee filter" is a 5 x 5 boxcar, which is what a Lee filter
 * does over homogeneous ground. Not physics, but enough for models to learn something from sen1 and for tools to
 * meet realistic value ranges.
 */
import { PATCH_SIZE, SEN1_CHANNELS } from '../layout';

/** Mean backscatter (sigma nought, dB) per LCZ class 1-17: [VV, VH]. */
const SIGMA0_DB: ReadonlyArray<readonly [number, number]> = [
  [-3, -10], [-4, -10.5], [-5, -11.5], [-5.5, -11], [-6.5, -12], [-7.5, -13], [-6, -13], [-5, -12.5], [-9, -15], [-4, -11],
  [-7, -12.5], [-8.5, -14.5], [-10, -16], [-12, -19], [-13, -21], [-14, -22], [-22, -28],
];
/** Share of pixels that hold a strong point scatterer (corner reflections of buildings), per class. */
const POINT_SCATTERERS = [0.15, 0.14, 0.1, 0.12, 0.1, 0.06, 0.06, 0.08, 0.03, 0.12, 0, 0, 0, 0, 0.005, 0, 0];
const VH_VV_CORRELATION = 0.3;
const BOXCAR = 2;

const fromDb = (db: number) => 10 ** (db / 10);

function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Writes one 32 x 32 x 8 patch at out[offset]; classAt(row, col) gives the class (1-17) under patch pixel (row, col).
 * Scratch arrays are allocated per call: a few KB.
 */
export function sarPatch(classAt: (row: number, col: number) => number, random: () => number, out: Float32Array | Float64Array, offset: number): void {
  const n = PATCH_SIZE * PATCH_SIZE;
  const vh = new Float64Array(2 * n);
  const vv = new Float64Array(2 * n);
  const gain = 10 ** ((random() - 0.5) * 0.2); // +-1 dB per patch: incidence angle, moisture
  for (let p = 0; p < n; p++) {
    const cls = classAt(Math.floor(p / PATCH_SIZE), p % PATCH_SIZE);
    const [vvDb, vhDb] = SIGMA0_DB[cls - 1] ?? SIGMA0_DB[13]!;
    const bright = random() < (POINT_SCATTERERS[cls - 1] ?? 0) ? 10 + 20 * random() : 1;
    const aVh = Math.sqrt((fromDb(vhDb) * gain * bright) / 2);
    const aVv = Math.sqrt((fromDb(vvDb) * gain * bright) / 2);
    const [zr, zi] = [gaussian(random), gaussian(random)];
    const rest = Math.sqrt(1 - VH_VV_CORRELATION ** 2);
    vh[2 * p] = aVh * zr;
    vh[2 * p + 1] = aVh * zi;
    vv[2 * p] = aVv * (VH_VV_CORRELATION * zr + rest * gaussian(random));
    vv[2 * p + 1] = aVv * (VH_VV_CORRELATION * zi + rest * gaussian(random));
  }
  for (let r = 0; r < PATCH_SIZE; r++) {
    for (let c = 0; c < PATCH_SIZE; c++) {
      let iVh = 0;
      let iVv = 0;
      let cRe = 0;
      let cIm = 0;
      let count = 0;
      for (let dr = -BOXCAR; dr <= BOXCAR; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= PATCH_SIZE) continue;
        for (let dc = -BOXCAR; dc <= BOXCAR; dc++) {
          const cc = c + dc;
          if (cc < 0 || cc >= PATCH_SIZE) continue;
          const q = 2 * (rr * PATCH_SIZE + cc);
          const [hr, hi, wr, wi] = [vh[q]!, vh[q + 1]!, vv[q]!, vv[q + 1]!];
          iVh += hr * hr + hi * hi;
          iVv += wr * wr + wi * wi;
          // VH x conj(VV)
          cRe += hr * wr + hi * wi;
          cIm += hi * wr - hr * wi;
          count++;
        }
      }
      const p = r * PATCH_SIZE + c;
      const o = offset + p * SEN1_CHANNELS;
      out[o] = vh[2 * p]!;
      out[o + 1] = vh[2 * p + 1]!;
      out[o + 2] = vv[2 * p]!;
      out[o + 3] = vv[2 * p + 1]!;
      out[o + 4] = iVh / count;
      out[o + 5] = iVv / count;
      out[o + 6] = cRe / count;
      out[o + 7] = cIm / count;
    }
  }
}
