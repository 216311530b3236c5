/**
 * One pixel's spectrum, built from the materials that cover it, then the sensor's view of it: illumination,
 * residual haze, noise, and quantisation to UInt16 reflectance x 10,000 (0 is nodata, so the darkest pixel is 1).
 * The shade is set before the materials are added: shadable materials (ground, streets, vegetation, water) are
 * added as the shadow leaves them, roofs as they are.
 */
import { hash3 } from './hash-noise';
import { BAND_COUNT, HAZE, SHADOW_KEEPS, SPECTRA } from './materials';

export class SpectrumMix {
  private readonly sum = new Float64Array(BAND_COUNT);
  /** What the current shade leaves of each band (all 1 when unshaded). */
  private readonly keep = new Float64Array(BAND_COUNT).fill(1);
  private shaded = false;

  reset(): void {
    const sum = this.sum;
    for (let b = 0; b < BAND_COUNT; b++) sum[b] = 0;
    if (this.shaded) {
      this.keep.fill(1);
      this.shaded = false;
    }
  }

  /** Fraction (0-1) of the pixel's shadable surfaces in the shadow of a building or tree; set before adding. */
  setShade(shade: number): void {
    if (shade <= 0) return;
    for (let b = 0; b < BAND_COUNT; b++) this.keep[b] = 1 - shade * (1 - SHADOW_KEEPS[b]!);
    this.shaded = true;
  }

  /** Adds a material covering `weight` of the pixel (weights include brightness, so they need not sum to 1). */
  add(material: number, weight: number): void {
    const at = material * BAND_COUNT;
    const sum = this.sum;
    if (!this.shaded) {
      for (let b = 0; b < BAND_COUNT; b++) sum[b]! += weight * SPECTRA[at + b]!;
      return;
    }
    const keep = this.keep;
    for (let b = 0; b < BAND_COUNT; b++) sum[b]! += weight * keep[b]! * SPECTRA[at + b]!;
  }

  /** Adds a surface shadows do not reach (a roof). */
  addLit(material: number, weight: number): void {
    const at = material * BAND_COUNT;
    const sum = this.sum;
    for (let b = 0; b < BAND_COUNT; b++) sum[b]! += weight * SPECTRA[at + b]!;
  }

  /**
   * Writes the pixel's bands into out[at .. at + 10). Sensor noise: 0.001 reflectance plus 0.6 % of the signal
   * (Sentinel-2's SNR is 100-170 at its reference radiances, reflectance 0.1-0.2), triangular, drawn per band
   * from one hash of the pixel.
   */
  writeTo(out: Uint16Array, at: number, illumination: number, haze: number, x: number, y: number, salt: number): void {
    let h = hash3(x, y, salt) | 1;
    const sum = this.sum;
    for (let b = 0; b < BAND_COUNT; b++) {
      const value = sum[b]! * illumination + haze * HAZE[b]!;
      h ^= h << 13;
      h ^= h >>> 17;
      h ^= h << 5;
      const noise = ((h & 0xffff) + ((h >>> 16) & 0xffff)) * (1 / 65536) - 1; // triangular in [-1, 1), sd 0.41
      // Rounded by truncation after +0.5; values below 0.5 end at 0 or below and become 1.
      const dn = ((value + (0.001 + 0.006 * value) * 2.45 * noise) * 10_000 + 0.5) | 0;
      out[at + b] = dn < 1 ? 1 : dn > 65535 ? 65535 : dn;
    }
  }
}
