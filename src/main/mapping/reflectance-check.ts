/**
 * Before mapping: are the scene's pixels what the models expect? Each model normalises reflectance by its bands' mean
 * and standard deviation (its manifest); a scene read with the wrong scale (digital numbers 0-255 or 0-10,000 taken
 * as reflectance, reflectance in percent) lies hundreds of standard deviations away, and a model then draws one class
 * everywhere with full confidence. So a sample of the scene (scene-sample.ts) is compared with every model's
 * statistics, and a scene far off stops the run with the scale and offset it probably needs. A scene (or area of
 * interest) the product's quality layer masks almost wholly (cloud, no data) stops it too, saying so.
 */
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { SceneSettings } from '../../shared/contract/scenes';
import { UserError } from '../../shared/errors';
import type { SceneReader } from '../scenes/scene-reader';
import { quantile, sampleScene, type SceneSample } from './scene-sample';

/** A model's band's median this many of its standard deviations away is not the reflectance it was trained on. */
const MAX_MEDIAN_Z = 8;
/** Nor a spread this many times wider or narrower than the model's standard deviation. */
const MAX_SPREAD_RATIO = 20;
/** A suggested scaling must bring the sample well within the model's range, not just under the limits. */
const GOOD_MEDIAN_Z = 3;
const GOOD_SPREAD_RATIO = 4;
/** Under this share of valid pixels the scene (or the area of interest) has too little to map. */
const MIN_VALID_SHARE = 0.05;

/** The scalings scenes usually need, tried when a scene is off. */
export const USUAL_SCALINGS: readonly { scale: number; offset: number; what: string }[] = [
  { scale: 1, offset: 0, what: 'reflectance stored as it is (0-1)' },
  { scale: 1e-4, offset: 0, what: 'reflectance x 10,000 (Sentinel-2 GeoTIFFs before processing baseline 04.00, So2Sat)' },
  { scale: 1e-4, offset: -0.1, what: 'Sentinel-2 digital numbers of processing baseline 04.00 and later ((DN - 1000) / 10,000)' },
  { scale: 2.75e-5, offset: -0.2, what: 'Landsat Collection 2 Level-2 surface reflectance (DN x 0.0000275 - 0.2)' },
  { scale: 0.01, offset: 0, what: 'reflectance in percent' },
];

export interface SceneCheck {
  /** Pixels sampled and valid among them. */
  sampled: number;
  valid: number;
  /** Share of the sampled pixels the product's quality layer calls cloud or cloud shadow (null: a GeoTIFF). */
  cloudShare: number | null;
}

interface BandStats {
  /** Raw (as stored) median and robust spread (interquartile range / 1.349, the standard deviation of a normal). */
  median: number;
  spread: number;
}

const statsOf = (sample: SceneSample): BandStats[] =>
  sample.bands.map(({ raw }) => ({ median: quantile(raw, 0.5), spread: (quantile(raw, 0.75) - quantile(raw, 0.25)) / 1.349 }));

/** How far a scaling puts the sample from the model: the median |z| of the bands' medians and the median spread ratio. */
function distance(stats: readonly BandStats[], manifest: BundleManifest, scale: number, offset: number): { z: number; ratio: number } {
  const z = stats.map((s, b) => Math.abs((s.median * scale + offset - manifest.bands[b]!.mean) / manifest.bands[b]!.std)).sort((a, b) => a - b);
  const ratios = stats.map((s, b) => (s.spread * scale) / manifest.bands[b]!.std).sort((a, b) => a - b);
  return { z: z[Math.floor(z.length / 2)]!, ratio: ratios[Math.floor(ratios.length / 2)]! };
}

const fits = (d: { z: number; ratio: number }, zLimit: number, ratioLimit: number) => d.z <= zLimit && d.ratio <= ratioLimit && d.ratio >= 1 / ratioLimit;
const twoDigits = (v: number) => Number(v.toPrecision(2));

/** The scale and offset the scene probably needs for this model, in words. */
function suggestion(stats: readonly BandStats[], manifest: BundleManifest, dtype: string): string {
  const usual = USUAL_SCALINGS.map((s) => ({ ...s, d: distance(stats, manifest, s.scale, s.offset) })).filter((s) => fits(s.d, GOOD_MEDIAN_Z, GOOD_SPREAD_RATIO));
  const best = usual.sort((a, b) => a.d.z - b.d.z)[0];
  if (best) return `the scale and offset should probably be ${best.scale} and ${best.offset}, as for ${best.what}: --scale ${best.scale} --offset ${best.offset} (or Scale and Offset in the band mapping)`;
  // No usual scaling fits: a rough fit of the bands' medians to the model's means, said to be one.
  const ratios = stats.map((s, b) => manifest.bands[b]!.mean / s.median).filter((r) => Number.isFinite(r) && r > 0).sort((a, b) => a - b);
  const fit = twoDigits(ratios[Math.floor(ratios.length / 2)] ?? 1);
  const dn = dtype === 'Byte' ? '8-bit digital numbers, which need a radiometric calibration to become reflectance (the product\'s Level-2 surface reflectance has one)' : 'not reflectance in any usual scaling';
  return `these look like ${dn}; a rough fit of the scene's band medians to the model's means gives a scale of about ${fit} and an offset of 0 (--scale ${fit} --offset 0), an estimate and not a calibration`;
}

function describeOff(stats: readonly BandStats[], manifest: BundleManifest, settings: SceneSettings): string {
  const b = 0;
  const s = stats[b]!;
  const id = manifest.bands[b]!.id;
  const refl = s.median * settings.scale + settings.offset;
  return `read with scale ${settings.scale} and offset ${settings.offset}, its ${id} has a median of ${twoDigits(refl)} where the model expects reflectance around ${twoDigits(manifest.bands[b]!.mean)} ± ${twoDigits(manifest.bands[b]!.std)}`;
}

/** Why most sampled pixels are left out, when the product says (cloud, no data); null when enough are valid. */
function tooLittleValid(sample: SceneSample, area: string): string | null {
  if (sample.valid >= MIN_VALID_SHARE * sample.pixels && sample.valid > 0) return null;
  const pct = (n: number) => `${Math.round((100 * n) / Math.max(1, sample.pixels))} %`;
  const r = sample.reasons;
  if (r) {
    const cloudy = r.cloud + r['cloud shadow'];
    if (cloudy >= r['no data'] + r.saturated) {
      return `is covered by clouds ${area}: ${pct(cloudy)} of the pixels sampled are cloud or cloud shadow by the product's quality layer (${pct(r['no data'])} no data); choose a clearer date, or another area`;
    }
    return `has no data ${area}: ${pct(r['no data'] + r.saturated)} of the pixels sampled are no data or saturated (outside the satellite's swath?); choose another area or product`;
  }
  return `has almost no valid pixels ${area} (${sample.valid} of ${sample.pixels} sampled; is the nodata value right?)`;
}

/**
 * Checks the scene (as the models will read it: `settings` name the bands, `bands` per model index them) against every
 * model; throws a UserError naming the scene, what is wrong and what to do; returns what the sample showed.
 */
export async function checkSceneForModels(
  reader: SceneReader,
  settings: SceneSettings,
  models: readonly { dir: string; manifest: BundleManifest }[],
  signal?: AbortSignal,
): Promise<SceneCheck> {
  const { scene } = reader;
  const ids = [...new Set(models.flatMap((m) => m.manifest.bands.map((b) => b.id)))];
  const sample = await sampleScene(reader, ids.map((id) => settings.bands.indexOf(id)), signal);
  const area = settings.aoi ? 'in the area of interest' : 'where it was sampled';
  const empty = tooLittleValid(sample, area);
  if (empty) throw new UserError(empty, scene.path);
  const all = statsOf(sample);
  for (const { dir, manifest } of models) {
    const stats = manifest.bands.map((b) => all[ids.indexOf(b.id)]!);
    if (fits(distance(stats, manifest, settings.scale, settings.offset), MAX_MEDIAN_Z, MAX_SPREAD_RATIO)) continue;
    throw new UserError(
      `does not hold the reflectance the model "${manifest.name}" (${dir}) expects: ${describeOff(stats, manifest, settings)}; ${suggestion(stats, manifest, scene.dtype)}`,
      scene.path,
    );
  }
  const r = sample.reasons;
  return { sampled: sample.pixels, valid: sample.valid, cloudShare: r ? (r.cloud + r['cloud shadow']) / Math.max(1, sample.pixels) : null };
}
