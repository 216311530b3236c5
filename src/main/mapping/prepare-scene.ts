/**
 * The scene made ready for the models, and checked, before any cell is mapped: its settings checked against it, bands
 * the models need taken from the scene's equivalent bands when the user accepted band equivalence (or the scene
 * refused, saying it could be), and a sample of its pixels compared with what every model expects
 * (reflectance-check.ts). What it finds goes on the result (honesty.ts).
 */
import { SENSOR_LABEL, bandSpec } from '../../shared/bands';
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { BandEquivalenceUse } from '../../shared/contract/results';
import type { SceneSettings } from '../../shared/contract/scenes';
import { UserError } from '../../shared/errors';
import { planEquivalence, withEquivalentBands, type EquivalentBand } from '../scenes/band-equivalence';
import type { SceneReader } from '../scenes/scene-reader';
import { checkSettings, requireBundleFits } from '../scenes/scene-settings';
import { checkSceneForModels, type SceneCheck } from './reflectance-check';

export interface PreparedScene {
  /** The scene as the models read it: with the equivalent bands added when they were taken. Closing it closes the scene. */
  reader: SceneReader;
  settings: SceneSettings;
  equivalence: BandEquivalenceUse | null;
  sceneCheck: SceneCheck;
}

function useOf(taken: readonly EquivalentBand[], settings: SceneSettings): BandEquivalenceUse {
  const first = settings.bands.find((b): b is string => b !== null);
  return {
    sceneSensor: settings.sensor ?? (first ? (bandSpec(first)?.sensor ?? null) : null),
    bands: taken.map(({ id, recipe }) =>
      recipe.kind === 'equivalent' ? { id, from: [recipe.from], weights: [1], kind: 'equivalent' } : { id, from: [...recipe.from], weights: [...recipe.weights], kind: 'interpolated' },
    ),
  };
}

const named = (id: string) => `${id} (${bandSpec(id)?.common ?? 'unknown band'})`;

export async function prepareScene(
  reader: SceneReader,
  settings: SceneSettings,
  models: readonly { dir: string; manifest: BundleManifest }[],
  acceptEquivalence: boolean,
  signal?: AbortSignal,
): Promise<PreparedScene> {
  const { scene } = reader;
  checkSettings(scene, settings);
  if (models.length === 0) throw new UserError('choose at least one model bundle to map with');
  const plan = planEquivalence(
    models.flatMap((m) => m.manifest.bands.map((b) => b.id)),
    settings,
  );
  if (!acceptEquivalence || plan.taken.length === 0) {
    // Without equivalence every band must be in the scene: the message says when equivalence would do.
    for (const m of models) requireBundleFits(scene, settings, m.manifest, m.dir);
  } else if (plan.missing.length > 0) {
    const available = settings.bands.filter((b): b is string => b !== null);
    const sensor = bandSpec(available[0] ?? '')?.sensor;
    throw new UserError(
      `cannot stand in for every band the model${models.length > 1 ? 's need' : ' needs'}: ${plan.missing.map(named).join(', ')} ha${plan.missing.length > 1 ? 've' : 's'} no equivalent among the scene's ${sensor ? SENSOR_LABEL[sensor] : ''} bands (${available.join(', ')})`,
      scene.path,
    );
  }
  const view = acceptEquivalence ? withEquivalentBands(reader, settings, plan.taken) : { reader, settings };
  for (const m of models) requireBundleFits(view.reader.scene, view.settings, m.manifest, m.dir);
  const sceneCheck = await checkSceneForModels(view.reader, view.settings, models, signal);
  return { ...view, equivalence: acceptEquivalence && plan.taken.length > 0 ? useOf(plan.taken, settings) : null, sceneCheck };
}
