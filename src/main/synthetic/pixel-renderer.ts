/**
 * Renders scene pixels from the class grid. Each pixel is a pure function of its position and the seed: the class
 * (with boundaries between classes made organic by a small warp), the city frame in which streets run (rotated and
 * gently bent at the kilometre scale, so that a block continues from one cell into the next), the surfaces found
 * at 2 x 2 points inside the pixel (mixed edges of roofs and streets), shadows of buildings towards the sun, and
 * the sensor's view. Rows can be rendered in any order and any window gives the same values as the whole.
 */
import { byteOf, hash3, noise2 } from './hash-noise';
import { composeNatural, type SunStep } from './natural-cover';
import { PIXELS_PER_CELL, SHADOW_PX_PER_M, type SceneCells } from './scene-cells';
import { BAND_COUNT } from './materials';
import { SpectrumMix } from './spectrum-mix';
import { URBAN_FORMS } from './urban-forms';
import { GROUND, STREET, addOpenGround, addStreet, newHit } from './urban-surface';

/** Sun azimuth, degrees clockwise from north: a mid-morning overpass (Sentinel-2 crosses at 10:30) in Europe. */
const SUN_AZIMUTH = 150;
/** How far class boundaries wander from the 100 m cell edges, in pixels (under one cell, see SceneCells.uniform). */
const BOUNDARY_WARP_PX = 4;
/** How far streets and fields bend from straight lines, in pixels, over a few kilometres. */
const FRAME_WARP_PX = 18;

const SUBPIXEL = [-0.25, 0.25];
/** Columns between samples of the smooth fields. */
const FIELD_STEP = 16;

export class PixelRenderer {
  private readonly mix = new SpectrumMix();
  private readonly hit = newHit();
  private readonly shadowHit = newHit();
  private readonly salts: Int32Array;
  private readonly cosCity: number;
  private readonly sinCity: number;
  private readonly cosField: number;
  private readonly sinField: number;
  /** Towards the sun, one pixel: in scene pixels (x right, y down) and in the city frame. */
  private readonly sun: SunStep;
  private readonly sunU: number;
  private readonly sunV: number;
  /** The four sub-pixel offsets in the city frame. */
  private readonly subU: number[] = [];
  private readonly subV: number[] = [];
  /** Per-column values of the smooth fields for the row being rendered (see smoothFields). */
  private readonly fields: Float64Array[];
  /** The row being rendered, band-interleaved. */
  private readonly pixels: Uint16Array;

  constructor(
    private readonly cells: SceneCells,
    seed: number,
  ) {
    this.pixels = new Uint16Array(cells.size * PIXELS_PER_CELL * BAND_COUNT);
    this.fields = Array.from({ length: 4 }, () => new Float64Array(cells.size * PIXELS_PER_CELL));
    this.salts = Int32Array.from({ length: 32 }, (_, k) => hash3(seed, k, 0x5eed) | 0);
    const city = 0.15 + 0.35 * byteOf(this.salts[0]!, 0); // street grids 9-29 degrees off north
    const field = -0.5 + byteOf(this.salts[0]!, 1); // fields within 29 degrees of north
    [this.cosCity, this.sinCity, this.cosField, this.sinField] = [Math.cos(city), Math.sin(city), Math.cos(field), Math.sin(field)];
    const az = (SUN_AZIMUTH * Math.PI) / 180;
    this.sun = { x: Math.sin(az), y: -Math.cos(az) };
    [this.sunU, this.sunV] = this.toCity(this.sun.x, this.sun.y);
    for (const dy of SUBPIXEL) {
      for (const dx of SUBPIXEL) {
        const [u, v] = this.toCity(dx, dy);
        this.subU.push(u);
        this.subV.push(v);
      }
    }
  }

  /** Renders row y into out[b][offset .. offset + width). */
  renderRow(y: number, out: readonly Uint16Array[], offset: number): void {
    const { cells, salts, mix } = this;
    const width = cells.size * PIXELS_PER_CELL;
    const py = y + 0.5;
    const cy = Math.floor(y / PIXELS_PER_CELL);
    const [warpX, warpY, light, haze] = this.smoothFields(y) as [Float64Array, Float64Array, Float64Array, Float64Array];
    for (let x = 0; x < width; x++) {
      const px = x + 0.5;
      const cell = cy * cells.size + Math.floor(x / PIXELS_PER_CELL);
      let cls = cells.classes[cell]!;
      if (cells.uniform[cell] === 0) {
        const wx = BOUNDARY_WARP_PX * 2 * (noise2(px / 7, py / 7, salts[1]!) - 0.5);
        const wy = BOUNDARY_WARP_PX * 2 * (noise2(px / 7, py / 7, salts[2]!) - 0.5);
        cls = cells.classAt(Math.floor((px + wx) / PIXELS_PER_CELL), Math.floor((py + wy) / PIXELS_PER_CELL));
      }
      // The bent frame in which streets and fields are straight.
      const bx = px + warpX[x]!;
      const by = py + warpY[x]!;
      mix.reset();
      const reach = cells.shadowReach[cell]!;
      const shade = reach > 0 ? this.buildingShadow(px, py, bx, by, reach) : 0;
      if (cls <= 10) {
        mix.setShade(shade);
        this.builtUp(cls, bx * this.cosCity + by * this.sinCity, by * this.cosCity - bx * this.sinCity);
      } else {
        const fu = bx * this.cosField + by * this.sinField;
        const fv = by * this.cosField - bx * this.sinField;
        composeNatural(cls, mix, px, py, fu, fv, salts[8 + cls]!, cells.nearUrban[cell] === 1, this.sun, shade);
      }
      mix.writeTo(this.pixels, x * BAND_COUNT, light[x]!, haze[x]!, x, y, salts[7]!);
    }
    // Pixels were written band-interleaved (one sequential buffer); the caller wants one array per band.
    const pixels = this.pixels;
    for (let b = 0; b < BAND_COUNT; b++) {
      const band = out[b]!;
      for (let x = 0, i = b; x < width; x++, i += BAND_COUNT) band[offset + x] = pixels[i]!;
    }
  }

  /**
   * The fields that vary over kilometres, for row y: the frame's bend, the illumination (a few percent, like thin
   * cloud or terrain) and residual haze. Sampled every FIELD_STEP pixels at fixed columns and interpolated: the
   * same at a column whatever window is rendered, and indistinguishable from evaluating every pixel.
   */
  private smoothFields(y: number): Float64Array[] {
    const { fields, salts } = this;
    const width = fields[0]!.length;
    const py = y + 0.5;
    const knots = (px: number, out: number[]) => {
      out[0] = FRAME_WARP_PX * 2 * (noise2(px / 300, py / 300, salts[3]!) - 0.5);
      out[1] = FRAME_WARP_PX * 2 * (noise2(px / 300, py / 300, salts[4]!) - 0.5);
      out[2] = 0.96 + 0.08 * noise2(px / 400, py / 400, salts[5]!);
      out[3] = noise2(px / 250, py / 250, salts[6]!) ** 2;
    };
    const a = [0, 0, 0, 0];
    const b = [0, 0, 0, 0];
    for (let x0 = 0; x0 < width; x0 += FIELD_STEP) {
      knots(x0 + 0.5, a);
      knots(x0 + FIELD_STEP + 0.5, b);
      for (let x = x0; x < x0 + FIELD_STEP && x < width; x++) {
        const t = (x - x0) / FIELD_STEP;
        for (let f = 0; f < 4; f++) fields[f]![x] = a[f]! + (b[f]! - a[f]!) * t;
      }
    }
    return fields;
  }

  /**
   * A built-up pixel: the surfaces at four points inside it, a quarter each, so edges of roofs and streets mix as
   * in a real 10 m pixel. Streets and open ground are textured once, at the pixel's centre.
   */
  private builtUp(cls: number, u: number, v: number): void {
    const form = URBAN_FORMS[cls]!;
    const salt = this.salts[8 + cls]!;
    const { hit, mix } = this;
    let streets = 0;
    let ground = 0;
    let streetCover = hit.cover;
    let groundCover = hit.cover;
    for (let k = 0; k < 4; k++) {
      form(hit, u + this.subU[k]!, v + this.subV[k]!, salt);
      if (hit.kind === STREET) {
        streets += 0.25;
        streetCover = hit.cover;
      } else if (hit.kind === GROUND) {
        ground += 0.25;
        groundCover = hit.cover;
      } else if (hit.roof) {
        mix.addLit(hit.material, 0.25 * hit.gain);
      } else {
        mix.add(hit.material, 0.25 * hit.gain);
      }
    }
    if (streets > 0) addStreet(mix, streets, u, v, salt, streetCover);
    if (ground > 0) addOpenGround(mix, ground, u, v, salt, groundCover);
  }

  /**
   * How much of the pixel lies in a building's shadow: walking towards the sun, a building of height h at
   * distance d pixels shades the pixel when h * SHADOW_PX_PER_M reaches d (softened over a pixel).
   */
  private buildingShadow(px: number, py: number, bx: number, by: number, reach: number): number {
    const u = bx * this.cosCity + by * this.sinCity;
    const v = by * this.cosCity - bx * this.sinCity;
    let shade = 0;
    for (let d = 1; d <= reach; d++) {
      const cls = this.cells.classAt(Math.floor((px + d * this.sun.x) / PIXELS_PER_CELL), Math.floor((py + d * this.sun.y) / PIXELS_PER_CELL));
      if (cls > 10) continue;
      const hit = this.shadowHit;
      URBAN_FORMS[cls]!(hit, u + d * this.sunU, v + d * this.sunV, this.salts[8 + cls]!);
      if (!hit.roof) continue;
      const s = hit.height * SHADOW_PX_PER_M - d + 1;
      if (s >= 1) return 1;
      if (s > shade) shade = s;
    }
    return shade;
  }

  private toCity(x: number, y: number): [number, number] {
    return [x * this.cosCity + y * this.sinCity, y * this.cosCity - x * this.sinCity];
  }
}
