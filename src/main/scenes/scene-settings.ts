import { bandFromDescription, bandSpec, guessSensor, type Sensor } from '../../shared/bands';
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { SceneSettings, SettingsOrigin } from '../../shared/contract/scenes';
import { UserError } from '../../shared/errors';
import type { SceneFile } from './scene-file';

/**
 * Reflectance scaling by data type: integer products store reflectance x 10,000 (Sentinel-2 L2A, So2Sat);
 * float products store reflectance itself; 8-bit files hold digital numbers, kept as they are.
 */
export function defaultScale(dtype: string): number {
  if (dtype === 'Float32' || dtype === 'Float64' || dtype === 'Byte') return 1;
  return 1e-4;
}

/** Settings read from the file itself: band names from its descriptions, scaling from its type. */
export function settingsFromFile(scene: SceneFile): { settings: SceneSettings; origin: SettingsOrigin } {
  const sensor: Sensor | null = guessSensor(scene.descriptions, scene.bandCount);
  const bands = scene.descriptions.map((d) => (d ? bandFromDescription(d, sensor) : null));
  const named = bands.filter((b) => b !== null).length;
  // Without descriptions, a 10-band scene is most likely So2Sat's band set, but that is a guess to confirm.
  const fromSensorOrder = named === 0 && sensor === 'sentinel-2' && scene.bandCount === 10;
  const settings: SceneSettings = {
    sensor,
    bands: fromSensorOrder ? ['S2.B2', 'S2.B3', 'S2.B4', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8', 'S2.B8A', 'S2.B11', 'S2.B12'] : dedupe(bands),
    scale: defaultScale(scene.dtype),
    offset: 0,
  };
  const origin: SettingsOrigin = named === scene.bandCount && named > 0 ? 'file' : 'guessed';
  return { settings, origin };
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

/** Checks settings against the file they describe. */
export function checkSettings(scene: SceneFile, settings: SceneSettings): void {
  if (settings.bands.length !== scene.bandCount) {
    throw new UserError(`has ${scene.bandCount} bands but the band mapping names ${settings.bands.length}; name each band of the file (or leave it unused)`, scene.path);
  }
}

/** What a bundle needs that the scene does not provide, in words; empty when the scene satisfies it. */
export function missingForBundle(scene: SceneFile, settings: SceneSettings, manifest: BundleManifest): string[] {
  const problems: string[] = [];
  const missing = manifest.bands.map((b) => b.id).filter((id) => !settings.bands.includes(id));
  if (missing.length > 0) {
    const names = missing.map((id) => bandSpec(id)?.name ?? id);
    problems.push(`needs band${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${names.join(', ')}), which the scene's band mapping does not name`);
  }
  const patchMetres = manifest.input.patchSize * manifest.input.resolutionM;
  const sceneW = scene.width * scene.pixelSizeM;
  const sceneH = scene.height * Math.abs(scene.geoTransform[5] / scene.geoTransform[1]) * scene.pixelSizeM;
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
