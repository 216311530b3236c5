import { SENSOR_LABEL, SO2SAT_S2_BANDS, bandRecipe, bandSpec, guessSensor, type Sensor } from '../../shared/bands';
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { SceneSettings, SettingsOrigin } from '../../shared/contract/scenes';
import { UserError } from '../../shared/errors';
import { aoiWindow } from './aoi';
import { bandNameCandidates, bandsFromNames } from './band-names';
import { defaultScale } from './default-scale';
import type { SceneFile } from './scene-file';

/**
 * The band stacks scenes usually come in, by band count: So2Sat's 10 Sentinel-2 bands; Landsat 7 ETM+'s 6 reflective
 * bands (B1-B5, B7, as R's stars and most exports stack them); Landsat 8/9 OLI's B1-B7.
 */
const USUAL_STACKS: Partial<Record<number, { sensor: Sensor; bands: readonly string[] }>> = {
  10: { sensor: 'sentinel-2', bands: SO2SAT_S2_BANDS },
  6: { sensor: 'landsat-7', bands: ['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4', 'L7.B5', 'L7.B7'] },
  7: { sensor: 'landsat-8', bands: ['L8.B1', 'L8.B2', 'L8.B3', 'L8.B4', 'L8.B5', 'L8.B6', 'L8.B7'] },
};

/**
 * Settings read from the file itself: band names from its descriptions or per-band metadata (BANDNAME...), scaling
 * from its type. `sensor`, when the user names it, is how the names are read (Landsat's B2 is green on Landsat 7,
 * blue on Landsat 8); otherwise the names themselves must tell.
 */
export function settingsFromFile(scene: SceneFile, sensor: Sensor | null = null): { settings: SceneSettings; origin: SettingsOrigin; sensorStack: boolean } {
  const names = bandNameCandidates(scene);
  const readAs: Sensor | null = sensor ?? guessSensor(names.flat(), scene.bandCount);
  const bands = bandsFromNames(names, readAs);
  const named = bands.filter((b) => b !== null).length;
  // Without names, the band count suggests the usual stacks (of the sensor, when one is named); a guess the user is
  // asked to confirm.
  const stack = named === 0 ? USUAL_STACKS[scene.bandCount] : undefined;
  const usual = stack && (sensor === null || stack.sensor === sensor) ? stack : undefined;
  const settings: SceneSettings = {
    sensor: usual?.sensor ?? readAs,
    bands: usual ? [...usual.bands] : dedupe(bands),
    scale: defaultScale(scene.dtype),
    offset: 0,
  };
  const origin: SettingsOrigin = named === scene.bandCount && named > 0 ? 'file' : 'guessed';
  // The usual stack of the sensor the user named: their word, not a guess (lcz map --sensor on unnamed bands).
  return { settings, origin, sensorStack: usual !== undefined && sensor !== null };
}

/** Two descriptions naming the same band: keep the first, the user settles the rest. */
function dedupe(bands: (string | null)[]): (string | null)[] {
  const seen = new Set<string>();
  return bands.map((b) => {
    if (b === null || seen.has(b)) return null;
    seen.add(b);
    return b;
  });
}

/** Checks settings against the file they describe: a band id per band, an area of interest on the scene. */
export function checkSettings(scene: SceneFile, settings: SceneSettings): void {
  if (settings.bands.length !== scene.bandCount) {
    throw new UserError(`has ${scene.bandCount} bands but the band mapping names ${settings.bands.length}; name each band of the file (or leave it unused)`, scene.path);
  }
  if (settings.aoi) aoiWindow(scene, settings.aoi);
}

/**
 * What a bundle needs that the scene does not provide, in words; empty when the scene satisfies it. With band
 * equivalence accepted, a band the scene's sensor has an equivalent for is provided (shared/bands.ts: bandRecipe).
 */
export function missingForBundle(scene: SceneFile, settings: SceneSettings, manifest: BundleManifest, options: { bandEquivalence?: boolean } = {}): string[] {
  const problems: string[] = [];
  const available = settings.bands.filter((b): b is string => b !== null);
  const ids = manifest.bands.map((b) => b.id);
  if (options.bandEquivalence) {
    const none = ids.filter((id) => bandRecipe(id, available) === null);
    if (none.length > 0) problems.push(`needs ${none.map((id) => `${id} (${bandSpec(id)?.common ?? id})`).join(', ')}, which ha${none.length > 1 ? 've' : 's'} no equivalent among the scene's bands`);
  }
  const missing = options.bandEquivalence ? [] : ids.filter((id) => !settings.bands.includes(id));
  if (missing.length > 0) {
    const names = missing.map((id) => bandSpec(id)?.name ?? id);
    // Another sensor's scene may stand in by band equivalence: the user is told how to accept it.
    const sensor = bandSpec(available[0] ?? '')?.sensor;
    const standIn = sensor && missing.every((id) => bandRecipe(id, available) !== null) ? `; the scene's ${SENSOR_LABEL[sensor]} bands can stand in for them by band equivalence: accept it with --band-equivalence (lcz map) or "Use equivalent bands" (Mapping tab), and the result will say so` : '';
    problems.push(`needs band${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${names.join(', ')}), which the scene's band mapping does not name${standIn}`);
  }
  const patchMetres = manifest.input.patchSize * manifest.input.resolutionM;
  const sceneW = scene.width * scene.pixelSizeM;
  // Each axis by its own pixel size: in a geographic scene a pixel is narrower across than down, by cos(latitude).
  const sceneH = scene.height * scene.pixelHeightM;
  if (sceneW < patchMetres || sceneH < patchMetres) {
    problems.push(`takes patches of ${patchMetres} m (${manifest.input.patchSize} px at ${manifest.input.resolutionM} m) but the scene is only ${Math.round(sceneW)} x ${Math.round(sceneH)} m`);
  }
  return problems;
}

/** Throws one message naming the scene, the bundle and every problem, if the scene cannot feed the bundle. */
export function requireBundleFits(scene: SceneFile, settings: SceneSettings, manifest: BundleManifest, bundleDir: string): void {
  const problems = missingForBundle(scene, settings, manifest);
  if (problems.length > 0) throw new UserError(`cannot be mapped with the bundle "${manifest.name}" (${bundleDir}): it ${problems.join('; it ')}`, scene.path);
}
