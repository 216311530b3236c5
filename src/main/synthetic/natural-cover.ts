/**
 * The seven land-cover LCZ classes (A-G) as mixtures of materials at each pixel: forest stands of broadleaf and
 * conifer with crown texture, scattered trees casting shadows on grass, scrub on dry ground, field parcels at
 * every stage of the season, rock or pavement, bare soil and sand, clear and turbid water. (x, y) are scene
 * pixels; (fu, fv) the field frame, in which parcels run straight.
 */
import { byteOf, hash3, noise2, noise2Quantile, noise2f, smoothstep } from './hash-noise';
import { M } from './materials';
import type { SpectrumMix } from './spectrum-mix';

/** Where the sun is, in pixels: shadows of trees fall on the opposite side. Set by the scene. */
export interface SunStep {
  x: number;
  y: number;
}

const SCATTERED = noise2Quantile(0.65); // scattered trees cover about 35 %
const SCRUB = noise2Quantile(0.45); // bushes cover about 55 %
const CLEARING = noise2Quantile(0.06);

// The field parcel of the current point, set by fieldParcel(), read in the same call only: its hash, and its
// distance to the parcel's edge and along the parcel (parcel[0], parcel[1]; in a typed array, because a double
// kept in a module variable is a new heap number per store).
let parcelHash = 0;
const parcel = new Float64Array(2);

/** Fields: 240 m wide strips cut into 80-220 m parcels, half of them split lengthwise. */
function fieldParcel(fu: number, fv: number, salt: number): void {
  const column = 24;
  const ci = Math.floor(fu / column);
  const hc = hash3(ci, 0, salt + 30);
  const length = 8 + 14 * byteOf(hc, 0);
  const shifted = fv + length * byteOf(hc, 1);
  const rj = Math.floor(shifted / length);
  let across = fu - ci * column;
  const along = shifted - rj * length;
  let width = column;
  let hp = hash3(ci, rj, salt + 31);
  if (byteOf(hp, 0) < 0.5) {
    const second = across >= column / 2;
    hp = hash3(hp, second ? 1 : 2, salt + 32);
    across = second ? across - column / 2 : across;
    width = column / 2;
  }
  parcelHash = hp;
  parcel[0] = Math.min(across, width - across, along, length - along);
  parcel[1] = along;
}

function denseTrees(mix: SpectrumMix, x: number, y: number, salt: number): void {
  const conifer = smoothstep(0.48, 0.62, noise2(x / 40, y / 40, salt + 20)); // stands of a few hundred metres
  const crowns = 0.68 + 0.6 * noise2(x / 1.2, y / 1.2, salt + 21); // crowns and the shade between them
  const gap = 0.6 * smoothstep(CLEARING + 0.05, CLEARING - 0.03, noise2(x / 3, y / 3, salt + 22));
  mix.add(M.tree, (1 - conifer) * (1 - gap) * crowns);
  mix.add(M.conifer, conifer * (1 - gap) * crowns);
  if (gap > 0) mix.add(M.grass, gap * 0.9);
}

function scatteredTrees(mix: SpectrumMix, x: number, y: number, salt: number, sun: SunStep, shade: number): void {
  const t = smoothstep(SCATTERED - 0.02, SCATTERED + 0.02, noise2(x / 1.8, y / 1.8, salt + 23));
  // A tree one pixel towards the sun shades this pixel's grass.
  const towardsSun = smoothstep(SCATTERED - 0.02, SCATTERED + 0.02, noise2((x + sun.x) / 1.8, (y + sun.y) / 1.8, salt + 23));
  mix.setShade(Math.max(shade, 0.8 * towardsSun * (1 - t)));
  const dry = 0.6 * smoothstep(0.55, 0.75, noise2(x / 25, y / 25, salt + 24));
  const grass = (1 - t) * (0.85 + 0.25 * noise2(x / 3, y / 3, salt + 25));
  mix.add(M.tree, t * (0.8 + 0.35 * byteOf(hash3(x, y, salt + 26), 0)));
  mix.add(M.grass, grass * (1 - dry));
  mix.add(M.dryGrass, grass * dry);
}

function bushScrub(mix: SpectrumMix, x: number, y: number, salt: number): void {
  // Bushes merge into the rough grass and bare patches between them: a soft, mottled cover.
  const bush = smoothstep(SCRUB - 0.15, SCRUB + 0.15, noise2(x / 3, y / 3, salt + 27));
  const soil = 0.3 * noise2(x / 6, y / 6, salt + 28);
  const ground = (1 - bush) * (0.9 + 0.2 * byteOf(hash3(x, y, salt + 29), 1));
  mix.add(M.shrub, bush * (0.85 + 0.25 * byteOf(hash3(x, y, salt + 29), 0)));
  mix.add(M.dryGrass, ground * (1 - soil) * 0.6);
  mix.add(M.grass, ground * (1 - soil) * 0.4);
  mix.add(M.soil, ground * soil);
}

function lowPlants(mix: SpectrumMix, x: number, y: number, fu: number, fv: number, salt: number): void {
  fieldParcel(fu, fv, salt);
  const parcelEdge = parcel[0]!;
  const parcelAlong = parcel[1]!;
  const r = byteOf(parcelHash, 1);
  const stage = byteOf(parcelHash, 3);
  // Tramlines every 18 m and a little unevenness within the parcel.
  const texture = (0.88 + 0.24 * byteOf(parcelHash, 2)) * (parcelAlong % 1.8 < 0.25 ? 0.94 : 1) * (0.95 + 0.1 * noise2(x / 2, y / 2, salt + 33));
  const margin = parcelEdge < 0.6 ? 0.7 * (1 - parcelEdge / 0.6) : 0; // grassy margins and tracks between parcels
  const p = (1 - margin) * texture;
  if (r < 0.4) {
    mix.add(M.crop, p * (0.75 + 0.25 * stage)); // green crop
    mix.add(M.soilDark, p * 0.25 * (1 - stage));
  } else if (r < 0.6) {
    mix.add(M.grass, p * 0.85); // meadow
    mix.add(M.dryGrass, p * 0.15);
  } else if (r < 0.8) {
    mix.add(M.dryGrass, p * 0.65); // ripening cereal
    mix.add(M.crop, p * 0.2);
    mix.add(M.soil, p * 0.15);
  } else if (r < 0.95) {
    mix.add(M.crop, p * (0.35 + 0.3 * stage)); // young crop on bare ground
    mix.add(M.soil, p * (0.65 - 0.3 * stage));
  } else {
    mix.add(M.soilDark, p * 0.85); // just ploughed
    mix.add(M.crop, p * 0.15);
  }
  if (margin > 0) mix.add(byteOf(parcelHash, 0) < 0.1 ? M.tree : M.grass, margin); // some margins are hedgerows
}

function bareRockOrPaved(mix: SpectrumMix, x: number, y: number, salt: number, nearUrban: boolean): void {
  const texture = 0.85 + 0.3 * byteOf(hash3(x, y, salt + 40), 0);
  if (nearUrban) {
    // Paved: yards, squares, railway land.
    const concrete = smoothstep(0.35, 0.65, noise2(x / 3, y / 3, salt + 41));
    mix.add(M.concrete, concrete * texture);
    mix.add(M.asphalt, (1 - concrete) * 0.8 * texture);
    mix.add(M.gravel, (1 - concrete) * 0.2 * texture);
    return;
  }
  const rock = smoothstep(0.4, 0.6, noise2f(x / 4, y / 4, salt + 42));
  const scrub = 0.08 * smoothstep(0.6, 0.8, noise2(x / 2, y / 2, salt + 43));
  mix.add(M.rock, rock * (1 - scrub) * texture);
  mix.add(M.gravel, (1 - rock) * (1 - scrub) * texture);
  mix.add(M.shrub, scrub);
}

function bareSoil(mix: SpectrumMix, x: number, y: number, fu: number, fv: number, salt: number): void {
  fieldParcel(fu, fv, salt);
  const parcelAlong = parcel[1]!;
  const m = noise2(x / 30, y / 30, salt + 45);
  const sand = smoothstep(0.62, 0.75, m);
  const dark = smoothstep(0.42, 0.3, m) * (1 - sand);
  const weeds = 0.03 + 0.09 * noise2(x / 3, y / 3, salt + 46);
  // Moisture differs from parcel to parcel; furrows every 13 m.
  const g = (0.85 + 0.3 * byteOf(parcelHash, 2)) * (parcelAlong % 1.3 < 0.6 ? 0.95 : 1.02) * (1 - weeds);
  mix.add(M.sand, sand * g);
  mix.add(M.soilDark, dark * g);
  mix.add(M.soil, (1 - sand - dark) * g);
  mix.add(M.crop, weeds);
}

function water(mix: SpectrumMix, x: number, y: number, salt: number): void {
  const turbid = smoothstep(0.35, 0.65, noise2(x / 25, y / 25, salt + 50));
  const ripples = 0.93 + 0.14 * noise2(x / 1.5, y / 1.5, salt + 51);
  mix.add(M.water, (1 - turbid) * ripples);
  mix.add(M.waterTurbid, turbid * ripples);
}

/** Fills `mix` for a pixel of land-cover class `cls` (11-17), `shade` of it in the shadow of buildings. */
export function composeNatural(cls: number, mix: SpectrumMix, x: number, y: number, fu: number, fv: number, salt: number, nearUrban: boolean, sun: SunStep, shade: number): void {
  if (cls !== 12) mix.setShade(shade);
  switch (cls) {
    case 11:
      return denseTrees(mix, x, y, salt);
    case 12:
      return scatteredTrees(mix, x, y, salt, sun, shade);
    case 13:
      return bushScrub(mix, x, y, salt);
    case 14:
      return lowPlants(mix, x, y, fu, fv, salt);
    case 15:
      return bareRockOrPaved(mix, x, y, salt, nearUrban);
    case 16:
      return bareSoil(mix, x, y, fu, fv, salt);
    default:
      return water(mix, x, y, salt);
  }
}
