import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ResolvedSceneSettings, SceneSettings, SceneSettingsOverrides, SceneTruth, SettingsOrigin } from '../../shared/contract/scenes';
import type { SceneFile } from '../scenes/scene-file';
import { checkSettings, settingsFromFile } from '../scenes/scene-settings';

type Resolved<Origin> = { settings: SceneSettings; bandsOrigin: Origin };

/**
 * The settings a scene is mapped with, whichever face asks: those saved in the workspace while they still fit the
 * file (its band count), else those read from the file; then the caller's overrides. An area of interest is checked
 * against the scene here, so one off the scene is refused before any work. A sensor override reads the
 * file's band names again as that sensor's (B2 is green on Landsat 7, blue on Landsat 8) unless bands are given too;
 * a file without band names then takes the sensor's usual stack, as given by the user rather than guessed.
 */
export function resolveSceneSettings(scene: SceneFile, saved: SceneSettings | null): Resolved<SettingsOrigin>;
export function resolveSceneSettings(scene: SceneFile, saved: SceneSettings | null, overrides: SceneSettingsOverrides): Resolved<ResolvedSceneSettings['bandsOrigin']>;
export function resolveSceneSettings(scene: SceneFile, saved: SceneSettings | null, overrides: SceneSettingsOverrides = {}): Resolved<ResolvedSceneSettings['bandsOrigin']> {
  const fromFile = settingsFromFile(scene, overrides.sensor ?? null);
  const usable = saved && saved.bands.length === scene.bandCount ? saved : null;
  const base = usable ?? fromFile.settings;
  const rereadBands = overrides.sensor !== undefined || !usable;
  // The area of interest as saved (usable or not, it is the user's choice of place), unless the caller says (null: none).
  const aoi = overrides.aoi === undefined ? (usable?.aoi ?? saved?.aoi) : overrides.aoi;
  const settings: SceneSettings = {
    sensor: overrides.sensor ?? base.sensor,
    bands: overrides.bands ?? (rereadBands ? fromFile.settings.bands : base.bands),
    scale: overrides.scale ?? base.scale,
    offset: overrides.offset ?? base.offset,
    ...(aoi ? { aoi } : {}),
  };
  checkSettings(scene, settings);
  const given = overrides.bands || (overrides.sensor && fromFile.sensorStack);
  return { settings, bandsOrigin: given ? 'given' : rereadBands ? fromFile.origin : 'saved' };
}

/** The true LCZ map a scene names in its metadata (the synthetic demo's), and whether it is beside the scene. */
export function namedTruth(scene: SceneFile): SceneTruth | null {
  const name = scene.metadata.LCZ_TRUTH;
  if (!name) return null;
  const path = resolve(dirname(scene.path), name);
  return { name, path, exists: existsSync(path) };
}
