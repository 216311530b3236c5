/**
 * A synthetic, plausible LCZ map of an imaginary city for the demo and tests: a compact core, a mid-rise ring,
 * low-rise suburbs, industry along a river, parks, farmland, forest and some bare ground, with organic (noisy)
 * edges. It is NOT a real place: the grid sits on farmland in western Poland only so that it has a real UTM CRS.
 * Pure and seeded: the same seed gives the same map.
 */
import type { GeoTransform } from '../../shared/geo';
import type { LczMap } from '../raster/lcz-map';
import { geoKeysForEpsg } from '../raster/write/epsg-geokeys';
import { ValueNoise, mulberry32 } from './noise';

export interface SyntheticCityOptions {
  seed?: number;
  /** Cells across and down (100 m each). */
  size?: number;
}

export const SYNTHETIC_CITY_NAME = 'Synthetic demo city (not a real place)';
export const SYNTHETIC_EPSG = 32633;
export const SYNTHETIC_CELL_M = 100;
/** Upper-left corner in WGS 84 / UTM 33N: about 53.07 N, 15.60 E (rural western Poland). */
export const SYNTHETIC_ORIGIN: readonly [number, number] = [540_000, 5_880_000];

// LCZ values (1-17) by name, to keep the rules readable.
const L = { compactHigh: 1, compactMid: 2, compactLow: 3, openHigh: 4, openMid: 5, openLow: 6, lightLow: 7, largeLow: 8, sparse: 9, industry: 10 };
const N = { denseTrees: 11, scatteredTrees: 12, bush: 13, lowPlants: 14, rock: 15, soil: 16, water: 17 };

export function syntheticCityClasses(options: SyntheticCityOptions = {}): { width: number; height: number; classes: Uint8Array } {
  const size = options.size ?? 300;
  const random = mulberry32(options.seed ?? 42);
  const shape = new ValueNoise(random); // city outline and ring boundaries
  const use = new ValueNoise(random); // land use inside a zone
  const land = new ValueNoise(random); // countryside: forest, scrub, bare ground
  const s = size / 300; // all distances below are in cells of a 300-cell map
  const cx = size * (0.46 + 0.08 * random());
  const cy = size * (0.46 + 0.08 * random());
  const phase = random() * Math.PI * 2;
  const villages = Array.from({ length: 6 }, () => ({ x: random() * size, y: random() * size, r: (4 + random() * 3) * s }));

  const classes = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      classes[y * size + x] = classify(x, y);
    }
  }
  return { width: size, height: size, classes };

  function riverY(x: number): number {
    // Meanders west to east, passing a little south of the centre.
    return cy + 12 * s + 16 * s * Math.sin(x / (40 * s) + phase) + 14 * s * (shape.fbm(x / (70 * s), 3.7, 3) - 0.5);
  }

  function classify(x: number, y: number): number {
    const ry = riverY(x);
    const toRiver = Math.abs(y - ry);
    const halfWidth = (1.6 + 1.2 * use.at(x / (25 * s), 9.1)) * s;
    if (toRiver < halfWidth) return N.water;
    // A reservoir in the north-west countryside.
    if (Math.hypot(x - 0.18 * size, y - 0.2 * size) < 9 * s * (0.7 + 0.6 * land.fbm(x / (12 * s), y / (12 * s), 3))) return N.water;

    // Distance from the centre, stretched along the river and warped by noise so the city has no clean circle.
    const dx = x - cx;
    const dy = (y - cy) * 1.25;
    const warp = 0.55 + 0.9 * shape.fbm(x / (45 * s), y / (45 * s));
    const d = (0.8 * Math.hypot(dx, dy) * warp) / s;
    const u = use.fbm(x / (14 * s), y / (14 * s));
    const downstream = x > cx + 8 * s;
    // Ring boundaries wander by a few hundred metres, so the zones interlock instead of forming circles.
    const r = d + 16 * (shape.fbm(x / (10 * s) + 91, y / (10 * s) + 53, 3) - 0.5);

    if (d < 64) {
      // Parks and a green strip along the river inside the city.
      if (toRiver < halfWidth + 2.5 * s && d > 8) return u > 0.5 ? N.scatteredTrees : N.denseTrees;
      if (u > 0.68 && d > 6) return u > 0.74 ? N.denseTrees : N.scatteredTrees;
      // Industry on the riverbanks downstream, warehouses and big boxes behind it.
      const band = halfWidth + (4 + 12 * shape.fbm(x / (12 * s), y / (12 * s) + 7, 3)) * s;
      if (downstream && d > 14 && toRiver < band) return u < 0.36 ? N.rock : L.industry;
      if (downstream && d > 14 && toRiver < band + 10 * s && u < 0.55) return L.largeLow;
    }
    if (r < 7) return u > 0.62 ? L.compactMid : L.compactHigh;
    if (r < 18) return u > 0.6 ? L.compactHigh : u < 0.35 ? L.compactLow : L.compactMid;
    if (r < 32) return u > 0.6 ? L.openHigh : u < 0.36 ? L.compactMid : L.openMid;
    if (d < 54) {
      if (u < 0.3) return L.largeLow; // retail and logistics at the ring road
      if (u > 0.56 && Math.atan2(dy, dx) > 2.0) return L.lightLow; // an informal settlement on one side
      return u < 0.4 ? L.compactLow : L.openLow;
    }
    if (d < 64) return u > 0.55 ? L.sparse : L.openLow;

    for (const v of villages) {
      const dv = Math.hypot(x - v.x, y - v.y) * (0.7 + 0.6 * use.at(x / (6 * s), y / (6 * s)));
      if (dv < v.r) return dv < v.r * 0.5 ? L.openLow : L.sparse;
    }
    const l = land.fbm(x / (30 * s), y / (30 * s));
    if (l > 0.64) return N.denseTrees;
    if (l > 0.6) return N.bush;
    // Bare ground: ploughed fields everywhere, rock (quarries, a stony ridge) only in the south-east.
    if (l < 0.27) return x > 0.55 * size && y > 0.55 * size ? N.rock : N.soil;
    if (l < 0.31) return N.soil;
    if (u > 0.7) return N.scatteredTrees;
    return N.lowPlants;
  }
}

/** The demo city as an LCZ map, ready for exportLczMap. */
export function syntheticCityMap(options: SyntheticCityOptions = {}): LczMap {
  const { width, height, classes } = syntheticCityClasses(options);
  const geoTransform: GeoTransform = [SYNTHETIC_ORIGIN[0], SYNTHETIC_CELL_M, 0, SYNTHETIC_ORIGIN[1], 0, -SYNTHETIC_CELL_M];
  return {
    path: '',
    name: SYNTHETIC_CITY_NAME,
    width,
    height,
    classes,
    geoTransform,
    crs: { epsg: SYNTHETIC_EPSG, name: 'WGS 84 / UTM zone 33N', geographic: false, proj4: '+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs' },
    geoKeys: geoKeysForEpsg(SYNTHETIC_EPSG),
    sourceDtype: 'Byte',
    sourceNodata: 0,
    notes: ['Synthetic demo map made by LCZ Studio: an imaginary city, not a real place.'],
  };
}
