import { SENSORS, bandFromDescription, type Sensor } from '../../shared/bands';
import type { SceneFile } from './scene-file';

/**
 * Per-band metadata keys that name a band, compared without case: GDAL's Sentinel-2 driver writes BANDNAME=B4, other
 * tools BAND_NAME, BAND_ID or NAME. Other items (WAVELENGTH, BANDWIDTH...) describe a band without naming it.
 */
const NAME_KEYS = ['BANDNAME', 'BAND_NAME', 'BAND_ID', 'BANDID', 'NAME', 'BAND'];

/** Everything the file calls each band: its description first, then the names in its metadata. */
export function bandNameCandidates(scene: Pick<SceneFile, 'descriptions' | 'bandMetadata'>): string[][] {
  return scene.descriptions.map((description, i) => {
    const metadata = scene.bandMetadata[i] ?? {};
    const byKey = new Map(Object.entries(metadata).map(([key, value]) => [key.toUpperCase(), value.trim()]));
    const names = [description.trim(), ...NAME_KEYS.map((key) => byKey.get(key) ?? '')];
    return [...new Set(names.filter((name) => name !== ''))];
  });
}

/** The band id each file band holds for `sensor`: the first of its names that says one, or null. */
export function bandsFromNames(candidates: readonly (readonly string[])[], sensor: Sensor | null): (string | null)[] {
  return candidates.map((names) => names.map((name) => bandFromDescription(name, sensor)).find((id) => id !== null) ?? null);
}

/**
 * One name per band, to show the user and to read again when they change the sensor: the first name that says a
 * band for some sensor (a description "red band" loses to BANDNAME=B4), else the first name at all, else ''.
 */
export function bandLabels(candidates: readonly (readonly string[])[]): string[] {
  return candidates.map((names) => names.find((name) => [null, ...SENSORS].some((sensor) => bandFromDescription(name, sensor) !== null)) ?? names[0] ?? '');
}
