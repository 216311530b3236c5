/**
 * The pieces built-up classes are made of: roofs, streets (asphalt, with trees along some) and open ground
 * (gardens, courtyards: grass, tree clumps, bare or paved patches). A form (urban-forms.ts) says which piece covers
 * a point, cheaply (a hash or two, no noise), so it can be asked at several points per pixel and along shadow
 * rays; the textured mixture of a street or of open ground is then worked out once per pixel, here.
 */
import { byteOf, hash3, noise2, noise2Quantile, noise2f, noise2fQuantile, smoothstep } from './hash-noise';
import { M } from './materials';
import type { SpectrumMix } from './spectrum-mix';

export const SURFACE = 0;
export const STREET = 1;
export const GROUND = 2;

/** Cover fractions as noise thresholds: "the noise passes this about x of the time". */
export interface GroundCover {
  streetTrees: number;
  trees: number;
  bare: number;
  /** Bare or paved patches of open ground are this material (soil in gardens, concrete in courtyards). */
  bareMaterial: number;
}

export function groundCover(streetTrees: number, trees: number, bare: number, bareMaterial: number): GroundCover {
  return {
    streetTrees: streetTrees > 0 ? noise2Quantile(1 - streetTrees) : 2,
    trees: trees > 0 ? noise2fQuantile(1 - trees) : 2,
    bare: bare > 0 ? noise2Quantile(bare) : -1,
    bareMaterial,
  };
}

/** What covers one point of a built-up class. */
export interface SurfaceHit {
  /** SURFACE: `material` with `gain`; STREET or GROUND: textured per pixel by `cover`. */
  kind: number;
  material: number;
  /** Brightness of this particular surface (1 = the material's spectrum). */
  gain: number;
  /** Roofs stay lit: the shadows we cast fall on streets and open ground. */
  roof: boolean;
  /** Building height in metres (0 unless roof). */
  height: number;
  cover: GroundCover;
}

const NO_COVER = groundCover(0, 0, 0, M.soil);

export function newHit(): SurfaceHit {
  return { kind: SURFACE, material: M.asphalt, gain: 1, roof: false, height: 0, cover: NO_COVER };
}

export function setGround(hit: SurfaceHit, material: number, gain: number): void {
  hit.kind = SURFACE;
  hit.material = material;
  hit.gain = gain;
  hit.roof = false;
  hit.height = 0;
}

export function setRoof(hit: SurfaceHit, material: number, gain: number, height: number): void {
  hit.kind = SURFACE;
  hit.material = material;
  hit.gain = gain;
  hit.roof = true;
  hit.height = height;
}

export function street(hit: SurfaceHit, cover: GroundCover): void {
  hit.kind = STREET;
  hit.roof = false;
  hit.height = 0;
  hit.cover = cover;
}

export function openGround(hit: SurfaceHit, cover: GroundCover): void {
  hit.kind = GROUND;
  hit.roof = false;
  hit.height = 0;
  hit.cover = cover;
}

/** A parking lot: asphalt with rows of cars, bright and dark, at the 5 m scale. */
export function parking(hit: SurfaceHit, u: number, v: number, salt: number): void {
  const car = byteOf(hash3(Math.floor(u * 2), Math.floor(v * 2), salt + 16), 1);
  if (car > 0.75) setGround(hit, M.roofMetal, 0.6 + 3.2 * (car - 0.75));
  else setGround(hit, M.asphalt, 0.9 + 0.2 * car);
}

/** Roof materials by kind of building, drawn with a number in [0, 1). */
export const ROOFS = {
  /** Pitched roofs of houses and old blocks: mostly clay tiles, some slate and metal. */
  pitched: [M.roofTile, M.roofTile, M.roofTile, M.roofDark, M.roofDark, M.roofGravel, M.roofMetal],
  /** Flat roofs of modern blocks and towers. */
  flat: [M.roofGravel, M.roofGravel, M.roofDark, M.concrete, M.roofWhite, M.roofMetal],
  /** Warehouses and big boxes: white membranes and metal sheets. */
  big: [M.roofWhite, M.roofWhite, M.roofMetal, M.roofMetal, M.roofGravel],
  /** Sheds and plants. */
  industrial: [M.roofMetal, M.roofMetal, M.roofRust, M.roofRust, M.roofWhite, M.roofDark],
  /** Shacks: corrugated metal, rusty or new, and dark sheeting. */
  light: [M.roofMetal, M.roofMetal, M.roofRust, M.roofRust, M.roofRust, M.roofDark],
} as const;

export function pick(list: readonly number[], r: number): number {
  return list[Math.floor(r * list.length)]!;
}

/** `weight` of street at (u, v): worn asphalt, patchy at the 5 m scale (cars, repairs), under trees where the cover says. */
export function addStreet(mix: SpectrumMix, weight: number, u: number, v: number, salt: number, cover: GroundCover): void {
  const trees = cover.streetTrees > 1 ? 0 : smoothstep(cover.streetTrees - 0.03, cover.streetTrees + 0.03, noise2(u * 0.8, v * 0.8, salt + 7));
  if (trees > 0) mix.add(M.tree, weight * trees * 0.95);
  mix.add(M.asphalt, weight * (1 - trees) * (0.88 + 0.3 * byteOf(hash3(Math.floor(u * 2), Math.floor(v * 2), salt + 9), 0)));
}

/** `weight` of open ground at (u, v): tree clumps, grass, bare or paved patches, in the cover's proportions. */
export function addOpenGround(mix: SpectrumMix, weight: number, u: number, v: number, salt: number, cover: GroundCover): void {
  const trees = cover.trees > 1 ? 0 : smoothstep(cover.trees - 0.02, cover.trees + 0.02, noise2f(u / 1.7, v / 1.7, salt + 11));
  const bare = (1 - trees) * (cover.bare < 0 ? 0 : smoothstep(cover.bare + 0.03, cover.bare - 0.03, noise2(u / 1.3 + 31, v / 1.3, salt + 13)));
  const texture = 0.8 + 0.35 * noise2(u / 2.5, v / 2.5, salt + 15);
  if (trees > 0) mix.add(M.tree, weight * trees * (0.85 + 0.3 * byteOf(hash3(Math.floor(u), Math.floor(v), salt + 12), 0)));
  if (bare > 0) mix.add(cover.bareMaterial, weight * bare * texture);
  mix.add(M.grass, weight * (1 - trees - bare) * texture);
}
