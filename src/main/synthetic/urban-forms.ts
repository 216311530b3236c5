/**
 * The ten built-up LCZ classes as street grids and buildings (Stewart & Oke 2012, table 3): block sizes, street
 * widths, building footprints, heights and roofs follow each class's building surface fraction and height range.
 * Compact classes fill their blocks, open classes set buildings in green ground, high-rise is tall (long shadows),
 * large low-rise has big flat roofs in parking, heavy industry mixes sheds, tanks, yards and stockpiles, and
 * lightweight low-rise packs small metal roofs along dirt alleys. Coordinates are city-frame pixels (10 m).
 */
import { byteOf, hash3, noise2 } from './hash-noise';
import { M } from './materials';
import { ROOFS, groundCover, openGround, parking, pick, setGround, setRoof, street, type SurfaceHit } from './urban-surface';

export type UrbanForm = (hit: SurfaceHit, u: number, v: number, salt: number) => void;

/** Tallest building of each built-up class in metres (index = LCZ value), for the reach of shadows. */
export const MAX_HEIGHT_M: readonly number[] = [0, 110, 24, 9, 90, 25, 9, 3, 12, 8, 15];

// The block a point falls in (bi, bj) and where inside its built interior, street excluded (bu, bv = at[0], at[1]).
// Set by inBlock(); only read within the same call, so no state survives from one point to the next. The
// fractional position lives in a typed array: a double kept in a module variable is a new heap number per store.
let bi = 0;
let bj = 0;
const at = new Float64Array(2);

/** Splits a point into its block and its position past the street; false when the point is on the street. */
function inBlock(u: number, v: number, period: number, streetWidth: number): boolean {
  bi = Math.floor(u / period);
  bj = Math.floor(v / period);
  at[0] = u - bi * period - streetWidth;
  at[1] = v - bj * period - streetWidth;
  return at[0] >= 0 && at[1] >= 0;
}

const gain = (r: number) => 0.85 + 0.3 * r;

const C1 = groundCover(0.05, 0.1, 0.8, M.concrete);
/** LCZ 1, compact high-rise: 100 m blocks of 2 x 2 or 3 x 3 towers, 35-110 m, wide streets, a few plazas. */
function compactHighRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 10, 2)) return street(hit, C1);
  const bu = at[0]!;
  const bv = at[1]!;
  const n = 2 + (hash3(bi, bj, salt) & 1);
  const s = 8 / n;
  const ti = Math.floor(bu / s);
  const tj = Math.floor(bv / s);
  const ht = hash3(bi * 8 + ti, bj * 8 + tj, salt + 1);
  const alley = 0.2 + 0.4 * byteOf(ht, 1);
  if (byteOf(ht, 0) < 0.12 || bu - ti * s < alley || bv - tj * s < alley) return openGround(hit, C1);
  setRoof(hit, pick(ROOFS.flat, byteOf(ht, 2)), gain(byteOf(ht, 3)), 35 + 75 * byteOf(hash3(ht, 1, salt), 0) ** 1.5);
}

const C2 = groundCover(0.15, 0.3, 0.45, M.concrete);
const C2park = groundCover(0.15, 0.55, 0.1, M.concrete);
/** LCZ 2, compact mid-rise: 90 m perimeter blocks of 12-24 m buildings around courtyards. */
function compactMidRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 9, 1.4)) return street(hit, C2);
  const bu = at[0]!;
  const bv = at[1]!;
  const hb = hash3(bi, bj, salt);
  if (byteOf(hb, 3) < 0.06) return openGround(hit, C2park); // a square
  const q = 7.6;
  const depth = 1.4 + 0.5 * byteOf(hb, 0);
  if (bu > depth && bu < q - depth && bv > depth && bv < q - depth) {
    if (byteOf(hb, 1) < 0.15) return setRoof(hit, pick(ROOFS.flat, byteOf(hb, 2)), 0.9, 8); // built-over courtyard
    return openGround(hit, C2);
  }
  const hs = hash3(bi * 16 + Math.floor(bu / 2.1), bj * 16 + Math.floor(bv / 2.1), salt + 2);
  setRoof(hit, pick(ROOFS.pitched, byteOf(hs, 0)), gain(byteOf(hs, 1)), 12 + 12 * byteOf(hs, 2));
}

const C3 = groundCover(0.05, 0.12, 0.4, M.soil);
/** LCZ 3, compact low-rise: 60 m blocks of terraced houses (4-9 m) back to back with small yards. */
function compactLowRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 6, 0.9)) return street(hit, C3);
  const bu = at[0]!;
  const bv = at[1]!;
  const front = bv < 1.6 ? 0 : bv > 5.1 - 1.6 ? 1 : -1;
  if (front < 0) return openGround(hit, C3);
  const hs = hash3(bi * 16 + Math.floor(bu / 1.1), bj * 2 + front, salt + 2);
  if (byteOf(hs, 3) < 0.06) return openGround(hit, C3);
  setRoof(hit, pick(ROOFS.pitched, byteOf(hs, 0)), gain(byteOf(hs, 1)), 4 + 5 * byteOf(hs, 2));
}

const C4 = groundCover(0.2, 0.3, 0.1, M.concrete);
/** LCZ 4, open high-rise: 160 m superblocks with a few 30-90 m towers in grass, trees and parking. */
function openHighRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 16, 1.8)) return street(hit, C4);
  const bu = at[0]!;
  const bv = at[1]!;
  const s = 7.1;
  const ti = Math.floor(bu / s);
  const tj = Math.floor(bv / s);
  const tu = bu - ti * s;
  const tv = bv - tj * s;
  const ht = hash3(bi * 4 + ti, bj * 4 + tj, salt + 1);
  if (byteOf(ht, 0) < 0.7) {
    const h2 = hash3(ht, 7, salt);
    const fw = 2 + 2 * byteOf(ht, 1);
    const fh = 2 + 3 * byteOf(ht, 2);
    const ox = 0.8 + (s - 1.6 - fw) * byteOf(ht, 3);
    const oy = 0.8 + (s - 1.6 - fh) * byteOf(h2, 0);
    if (tu >= ox && tu < ox + fw && tv >= oy && tv < oy + fh) return setRoof(hit, pick(ROOFS.flat, byteOf(h2, 1)), gain(byteOf(h2, 2)), 30 + 60 * byteOf(h2, 3));
    if (tu > ox - 0.7 && tu < ox + fw + 0.7 && tv > oy - 0.7 && tv < oy + fh + 0.7) return setGround(hit, M.concrete, 0.9);
  }
  if (byteOf(ht, 0) > 0.85) return parking(hit, u, v, salt);
  openGround(hit, C4);
}

const C5 = groundCover(0.25, 0.3, 0.08, M.concrete);
/** LCZ 5, open mid-rise: 120 m blocks with two parallel 12-25 m slabs in green ground. */
function openMidRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 12, 1.5)) return street(hit, C5);
  const bu = at[0]!;
  const bv = at[1]!;
  const hb = hash3(bi, bj, salt);
  const alongU = (hb & 1) === 0;
  const a = alongU ? bu : bv; // along the slabs
  const c = alongU ? bv : bu; // across them
  const slab = c >= 1.6 && c < 3.0 ? 0 : c >= 6.2 && c < 7.6 ? 1 : -1;
  if (slab >= 0 && a > 1 && a < 9.5) {
    const hs = hash3(bi * 2 + slab, bj, salt + 3);
    const broken = byteOf(hs, 1) < 0.5 && Math.abs(a - (3 + 4.5 * byteOf(hs, 0))) < 0.5;
    if (!broken) return setRoof(hit, pick(ROOFS.flat, byteOf(hs, 2)), gain(byteOf(hb, 1)), 12 + 13 * byteOf(hs, 3));
  }
  if ((hb & 2) !== 0 && c >= 3.0 && c < 3.9 && a > 1 && a < 9.5) return parking(hit, u, v, salt);
  openGround(hit, C5);
}

const C6 = groundCover(0.25, 0.3, 0.1, M.concrete);
/** LCZ 6, open low-rise: 80 m blocks of four lots, a 13-19 m house (5-9 m high) in each garden. */
function openLowRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 8, 1)) return street(hit, C6);
  if (house(hit, 3.5, 1.3, 0.6, 1, salt)) return;
  openGround(hit, C6);
}

const C9 = groundCover(0.2, 0.35, 0.08, M.soil);
/** LCZ 9, sparsely built: 140 m blocks, about half of the lots with a house, the rest meadow and trees. */
function sparselyBuilt(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 14, 0.7)) return street(hit, C9);
  if (house(hit, 6.65, 1.2, 0.4, 0.55, salt)) return;
  openGround(hit, C9);
}

/** A house in the current block's lot grid (lot size `lot`), jittered; true when the point is on its roof. */
function house(hit: SurfaceHit, lot: number, size: number, sizeRange: number, builtShare: number, salt: number): boolean {
  const bu = at[0]!;
  const bv = at[1]!;
  const li = Math.floor(bu / lot);
  const lj = Math.floor(bv / lot);
  const hl = hash3(bi * 2 + li, bj * 2 + lj, salt + 4);
  if (byteOf(hl, 0) >= builtShare) return false;
  const w = size + sizeRange * byteOf(hl, 1);
  const ox = (lot - w) / 2 + (byteOf(hl, 2) - 0.5) * 0.8;
  const oy = (lot - w) / 2 + (byteOf(hl, 3) - 0.5) * 0.8;
  const lu = bu - li * lot - ox;
  const lv = bv - lj * lot - oy;
  if (lu < 0 || lu >= w || lv < 0 || lv >= w * 1.2) return false;
  const h2 = hash3(hl, 5, salt);
  setRoof(hit, pick(ROOFS.pitched, byteOf(h2, 0)), gain(byteOf(h2, 1)), 4 + 5 * byteOf(h2, 2));
  return true;
}

/** LCZ 7, lightweight low-rise: 8 m shacks of metal sheeting, packed along 5 m dirt alleys, few trees. */
function lightweightLowRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 4.5, 0.5)) return setGround(hit, M.soil, 0.8 + 0.3 * byteOf(hash3(Math.floor(u * 2), Math.floor(v * 2), salt + 5), 3));
  const hm = hash3(Math.floor(u / 0.8), Math.floor(v / 0.8), salt + 5);
  if (byteOf(hm, 0) < 0.8) return setRoof(hit, pick(ROOFS.light, byteOf(hm, 1)), 0.75 + 0.5 * byteOf(hm, 2), 3);
  if (byteOf(hm, 3) < 0.15) return setGround(hit, M.tree, 0.9);
  setGround(hit, M.soil, 0.8 + 0.3 * byteOf(hm, 3));
}

const C8 = groundCover(0.05, 0.15, 0, M.soil);
/** LCZ 8, large low-rise: 220 m blocks, one big flat roof (8-12 m) in each, parking around, grass verges. */
function largeLowRise(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 22, 2)) return street(hit, C8);
  const bu = at[0]!;
  const bv = at[1]!;
  const hb = hash3(bi, bj, salt);
  const q = 20;
  if (bu >= 1 + 3 * byteOf(hb, 0) && bu < q - 1 - 5 * byteOf(hb, 1) && bv >= 1 + 3 * byteOf(hb, 2) && bv < q - 2 - 7 * byteOf(hb, 3)) {
    const h2 = hash3(hb, 1, salt);
    return setRoof(hit, pick(ROOFS.big, byteOf(h2, 0)), 0.9 + 0.2 * byteOf(h2, 1), 8 + 4 * byteOf(h2, 2));
  }
  if (bu < 0.8 || bv < 0.8 || bu > q - 0.8 || bv > q - 0.8) return openGround(hit, C8);
  parking(hit, u, v, salt);
}

const C10 = groundCover(0, 0, 0, M.gravel);
/** LCZ 10, heavy industry: 200 m blocks of 60 m units: sheds, tank farms, gravel yards, concrete, stockpiles. */
function heavyIndustry(hit: SurfaceHit, u: number, v: number, salt: number): void {
  if (!inBlock(u, v, 20, 1.5)) return street(hit, C10);
  const bu = at[0]!;
  const bv = at[1]!;
  const s = 18.5 / 3;
  const ti = Math.floor(bu / s);
  const tj = Math.floor(bv / s);
  const tu = bu - ti * s;
  const tv = bv - tj * s;
  const hu = hash3(bi * 3 + ti, bj * 3 + tj, salt + 6);
  const kind = byteOf(hu, 0);
  const yard = 0.85 + 0.3 * byteOf(hash3(Math.floor(u * 2), Math.floor(v * 2), salt + 7), 0);
  if (kind < 0.35) {
    const m = 0.5 + 0.7 * byteOf(hu, 1);
    if (tu > m && tu < s - m && tv > m && tv < s - m * 1.5) return setRoof(hit, pick(ROOFS.industrial, byteOf(hu, 2)), gain(byteOf(hu, 3)), 8 + 7 * byteOf(hu, 1));
    return setGround(hit, M.gravel, yard);
  }
  if (kind < 0.5) {
    // Tank farm: one big tank or four small ones.
    const four = byteOf(hu, 2) < 0.5;
    const cu = four ? (tu < s / 2 ? s / 4 : (3 * s) / 4) : s / 2;
    const cv = four ? (tv < s / 2 ? s / 4 : (3 * s) / 4) : s / 2;
    const r = (four ? 0.9 : 1.8) + 0.6 * byteOf(hu, 1);
    if ((tu - cu) ** 2 + (tv - cv) ** 2 < r * r) return setRoof(hit, M.roofWhite, 0.9 + 0.15 * byteOf(hu, 3), 12);
    return setGround(hit, M.gravel, yard);
  }
  if (kind < 0.68) return setGround(hit, M.gravel, yard);
  if (kind < 0.8) return setGround(hit, M.concrete, yard);
  if (kind < 0.9) return setGround(hit, byteOf(hu, 1) < 0.6 ? M.coal : M.sand, 0.7 + 0.6 * noise2(u / 1.2, v / 1.2, salt + 8));
  setGround(hit, byteOf(hu, 1) < 0.5 ? M.soilDark : M.soil, yard);
}

/** The form of each built-up class, by LCZ value (index 0 and the natural classes have none). */
export const URBAN_FORMS: readonly (UrbanForm | undefined)[] = [
  undefined,
  compactHighRise,
  compactMidRise,
  compactLowRise,
  openHighRise,
  openMidRise,
  openLowRise,
  lightweightLowRise,
  largeLowRise,
  sparselyBuilt,
  heavyIndustry,
];
