/**
 * The spectral bands LCZ Studio knows, by sensor. A band id ("S2.B8A", "L8.B5") names one band of one sensor, so a
 * bundle trained on Sentinel-2 cannot be fed Landsat bands that merely share a number (L7 B2 is green, L8 B2 blue).
 */
export const SENSORS = ['sentinel-2', 'landsat-7', 'landsat-8'] as const;
export type Sensor = (typeof SENSORS)[number];

export type CommonBand = 'coastal' | 'blue' | 'green' | 'red' | 'rededge1' | 'rededge2' | 'rededge3' | 'nir' | 'nir08' | 'watervapour' | 'cirrus' | 'swir1' | 'swir2';

export interface BandSpec {
  /** Sensor prefix and the band's own name: "S2.B2", "L7.B4". */
  readonly id: string;
  readonly sensor: Sensor;
  /** The name the sensor's products use: "B2", "B8A". */
  readonly name: string;
  readonly common: CommonBand;
  /** Central wavelength in nanometres. */
  readonly centreNm: number;
  /** Native ground sampling distance in metres. */
  readonly resolutionM: number;
}

const SENSOR_PREFIX: Record<Sensor, string> = { 'sentinel-2': 'S2', 'landsat-7': 'L7', 'landsat-8': 'L8' };
export const SENSOR_LABEL: Record<Sensor, string> = { 'sentinel-2': 'Sentinel-2 MSI', 'landsat-7': 'Landsat 7 ETM+', 'landsat-8': 'Landsat 8/9 OLI' };

const table: Record<Sensor, ReadonlyArray<readonly [string, CommonBand, number, number]>> = {
  'sentinel-2': [
    ['B1', 'coastal', 443, 60],
    ['B2', 'blue', 490, 10],
    ['B3', 'green', 560, 10],
    ['B4', 'red', 665, 10],
    ['B5', 'rededge1', 705, 20],
    ['B6', 'rededge2', 740, 20],
    ['B7', 'rededge3', 783, 20],
    ['B8', 'nir', 842, 10],
    ['B8A', 'nir08', 865, 20],
    ['B9', 'watervapour', 945, 60],
    ['B10', 'cirrus', 1375, 60],
    ['B11', 'swir1', 1610, 20],
    ['B12', 'swir2', 2190, 20],
  ],
  'landsat-7': [
    ['B1', 'blue', 485, 30],
    ['B2', 'green', 560, 30],
    ['B3', 'red', 660, 30],
    ['B4', 'nir', 835, 30],
    ['B5', 'swir1', 1650, 30],
    ['B7', 'swir2', 2220, 30],
  ],
  'landsat-8': [
    ['B1', 'coastal', 443, 30],
    ['B2', 'blue', 482, 30],
    ['B3', 'green', 561, 30],
    ['B4', 'red', 655, 30],
    ['B5', 'nir', 865, 30],
    ['B6', 'swir1', 1609, 30],
    ['B7', 'swir2', 2201, 30],
  ],
};

export const BANDS: readonly BandSpec[] = SENSORS.flatMap((sensor) =>
  table[sensor].map(([name, common, centreNm, resolutionM]) => ({ id: `${SENSOR_PREFIX[sensor]}.${name}`, sensor, name, common, centreNm, resolutionM })),
);

const byId = new Map(BANDS.map((b) => [b.id, b]));

export function bandSpec(id: string): BandSpec | undefined {
  return byId.get(id);
}

export function isBandId(id: string): boolean {
  return byId.has(id);
}

export function sensorBands(sensor: Sensor): readonly BandSpec[] {
  return BANDS.filter((b) => b.sensor === sensor);
}

/** The 10 Sentinel-2 bands of So2Sat LCZ42's `sen2`, in its order. */
export const SO2SAT_S2_BANDS = ['S2.B2', 'S2.B3', 'S2.B4', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8', 'S2.B8A', 'S2.B11', 'S2.B12'] as const;

/** Published per-band statistics of So2Sat LCZ42 `sen2` (v2), reflectance (DN / 10,000): the default normalisation. */
export const SO2SAT_S2_MEAN = [0.12376, 0.10928, 0.10109, 0.11424, 0.15927, 0.18147, 0.17457, 0.19502, 0.15428, 0.10905] as const;
export const SO2SAT_S2_STD = [0.03959, 0.04778, 0.06637, 0.06359, 0.07744, 0.09102, 0.09218, 0.10165, 0.09992, 0.08781] as const;

/**
 * The band a description names ("B02", "B8A", "SR_B4", "red", "S2.B3"), for a known sensor; null when it names none.
 * Landsat numbers mean different bands on L7 and L8, so without a sensor only explicit ids are trusted.
 */
export function bandFromDescription(description: string, sensor: Sensor | null): string | null {
  const text = description.trim();
  if (byId.has(text)) return text;
  if (!sensor) return null;
  const prefix = SENSOR_PREFIX[sensor];
  const numbered = /^(?:SR_|TOA_)?B(?:and)?[ _-]?0*(\d{1,2})(A?)$/i.exec(text);
  if (numbered) {
    const id = `${prefix}.B${numbered[1]}${numbered[2]!.toUpperCase()}`;
    return byId.has(id) ? id : null;
  }
  const common = text.toLowerCase().replace(/[\s_-]/g, '');
  const aliases: Record<string, CommonBand> = { nir: 'nir', nearinfrared: 'nir', swir16: 'swir1', swir22: 'swir2', rededge: 'rededge1', nir08: 'nir08', narrownir: 'nir08' };
  const wanted = aliases[common] ?? (common as CommonBand);
  return sensorBands(sensor).find((b) => b.common === wanted)?.id ?? null;
}

/** The sensor a set of band descriptions most likely comes from, judged by names only one sensor has; null when unsure. */
export function guessSensor(descriptions: readonly string[], bandCount: number): Sensor | null {
  const names = descriptions.map((d) => d.trim().toUpperCase());
  const explicit = names.map((n) => bandSpec(n.replace(/^S2\./, 'S2.').replace(/^L([78])\./, 'L$1.'))?.sensor).find(Boolean);
  if (explicit) return explicit;
  // B8A and B12 exist only on Sentinel-2; SR_B6 (Collection 2 surface reflectance) only on Landsat 8/9.
  if (names.some((n) => /^B0?8A$|^B12$/.test(n))) return 'sentinel-2';
  if (names.includes('SR_B6')) return 'landsat-8';
  if (descriptions.every((d) => d.trim() === '') && (bandCount === 10 || bandCount === 13)) return 'sentinel-2';
  return null;
}

/**
 * Sensor equivalence: how a band a model was trained on is taken from another sensor's bands, when the user accepts
 * it (lcz map --band-equivalence; the result then says so). Documented rules, from the bands' common names and centre
 * wavelengths above:
 *
 * - blue, green, red, SWIR1 (1.6 µm), SWIR2 (2.2 µm) and coastal: the other sensor's band of the same name
 *   (Sentinel-2 B2/B3/B4/B11/B12/B1 = Landsat 8/9 B2/B3/B4/B6/B7/B1 = Landsat 7 B1/B2/B3/B5/B7; Landsat 7 has no
 *   coastal band);
 * - near infrared: the other sensor's NIR band nearest in centre wavelength (Sentinel-2 B8 842 nm and B8A 865 nm both
 *   take Landsat 8/9 B5 865 nm or Landsat 7 B4 835 nm; Landsat 8/9 B5 takes Sentinel-2 B8A, Landsat 7 B4 takes B8);
 * - Sentinel-2's red-edge bands B5 (705 nm), B6 (740 nm) and B7 (783 nm), which Landsat lacks: interpolated linearly
 *   in wavelength between the Landsat red and NIR bands (an approximation: the real red edge of vegetation is steeper);
 * - water vapour (S2 B9) and cirrus (S2 B10): no equivalent; a model that needs them cannot map another sensor's scene.
 */
export type BandRecipe =
  /** The band itself is in the scene. */
  | { readonly kind: 'same'; readonly from: string }
  /** Another sensor's band of the same kind. */
  | { readonly kind: 'equivalent'; readonly from: string }
  /** A weighted sum of two bands of another sensor (weights sum to 1, so reflectance scaling carries over). */
  | { readonly kind: 'interpolated'; readonly from: readonly [string, string]; readonly weights: readonly [number, number] };

/** Common names taken one for one across sensors. */
const ONE_FOR_ONE: ReadonlySet<CommonBand> = new Set<CommonBand>(['coastal', 'blue', 'green', 'red', 'swir1', 'swir2']);
const NIR_FAMILY: ReadonlySet<CommonBand> = new Set<CommonBand>(['nir', 'nir08']);
const RED_EDGE: ReadonlySet<CommonBand> = new Set<CommonBand>(['rededge1', 'rededge2', 'rededge3']);

/** How band `id` is taken from the bands `available` (ids of one other sensor, or of its own); null when it cannot be. */
export function bandRecipe(id: string, available: readonly string[]): BandRecipe | null {
  if (available.includes(id)) return { kind: 'same', from: id };
  const wanted = bandSpec(id);
  if (!wanted) return null;
  const others = available.map(bandSpec).filter((b): b is BandSpec => b !== undefined && b.sensor !== wanted.sensor);
  const nearest = (family: ReadonlySet<CommonBand>): BandSpec | undefined =>
    others.filter((b) => family.has(b.common)).sort((a, b) => Math.abs(a.centreNm - wanted.centreNm) - Math.abs(b.centreNm - wanted.centreNm))[0];
  if (ONE_FOR_ONE.has(wanted.common)) {
    const same = others.find((b) => b.common === wanted.common);
    return same ? { kind: 'equivalent', from: same.id } : null;
  }
  if (NIR_FAMILY.has(wanted.common)) {
    const nir = nearest(NIR_FAMILY);
    return nir ? { kind: 'equivalent', from: nir.id } : null;
  }
  if (RED_EDGE.has(wanted.common)) {
    const red = others.find((b) => b.common === 'red');
    const nir = nearest(NIR_FAMILY);
    if (!red || !nir) return null;
    const toNir = (wanted.centreNm - red.centreNm) / (nir.centreNm - red.centreNm);
    return { kind: 'interpolated', from: [red.id, nir.id], weights: [1 - toNir, toNir] };
  }
  return null;
}

/** A recipe in words: "L7.B4 (NIR, 835 nm)" or "0.74 x L7.B3 + 0.26 x L7.B4 (interpolated by wavelength)". */
export function describeRecipe(recipe: BandRecipe): string {
  const named = (id: string) => {
    const b = bandSpec(id);
    return b ? `${id} (${b.common}, ${b.centreNm} nm)` : id;
  };
  if (recipe.kind !== 'interpolated') return named(recipe.from);
  const [a, b] = recipe.from;
  return `${recipe.weights[0].toFixed(2)} x ${a} + ${recipe.weights[1].toFixed(2)} x ${b} (interpolated by wavelength between ${named(a)} and ${named(b)})`;
}
