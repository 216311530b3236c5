import { SO2SAT_S2_BANDS } from '../../../shared/bands';
import {
  areasCnnSettingsSchema,
  DEFAULT_BOOTSTRAP_RUNS,
  type AreasMapParams,
  type BundleSummary,
  type Classifier,
  type SceneView,
} from '../../../shared/contract';

/**
 * The areas-map job's parameters from the open scene, the saved set and the panel's typed settings, and the name a
 * scene's set is saved under. Pure: tested in Node.
 */

/** The panel's settings as typed: bootstrap null until the user types one (the classifier's default is shown). */
export interface TrainForm {
  classifier: Classifier;
  trees: string;
  epochs: string;
  bootstrap: string | null;
  /** The bundle a CNN is fine-tuned from (its folder), or null: trained from scratch. */
  fromBundle: string | null;
}

/** What a valid form asks for: each classifier's own settings only, so a forest never carries CNN settings. */
export type TrainChoice =
  | { classifier: 'rf'; trees: number; bootstrap: number }
  | { classifier: 'cnn'; epochs: number; fromBundle: string | null; bootstrap: number };

export type TrainSettings = ({ ok: true } & TrainChoice) | { ok: false; message: string };

/** The CNN's epochs when none are typed: the contract's default. */
export const DEFAULT_CNN_EPOCHS = areasCnnSettingsSchema.parse({}).epochs;

function wholeNumber(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** The bootstrap runs the field shows: what the user typed, else the classifier's default (25 forests, 3 CNNs). */
export function shownBootstrap(form: Pick<TrainForm, 'classifier' | 'bootstrap'>): string {
  return form.bootstrap ?? String(DEFAULT_BOOTSTRAP_RUNS[form.classifier]);
}

/**
 * Trees 1-1000 (forest), epochs 1-200 (CNN) and bootstrap runs 0-1000 (0: no accuracy assessment, the quickest
 * look), as the contract allows.
 */
export function parseTrainSettings(form: TrainForm): TrainSettings {
  const bootstrap = wholeNumber(shownBootstrap(form), 0, 1000);
  if (form.classifier === 'rf') {
    const trees = wholeNumber(form.trees, 1, 1000);
    if (trees === null) return { ok: false, message: 'Trees must be a whole number from 1 to 1000.' };
    if (bootstrap === null) return { ok: false, message: 'Bootstrap runs must be a whole number from 0 to 1000.' };
    return { ok: true, classifier: 'rf', trees, bootstrap };
  }
  const epochs = wholeNumber(form.epochs, 1, 200);
  if (epochs === null) return { ok: false, message: 'Epochs must be a whole number from 1 to 200.' };
  if (bootstrap === null) return { ok: false, message: 'Bootstrap runs must be a whole number from 0 to 1000.' };
  return { ok: true, classifier: 'cnn', epochs, fromBundle: form.fromBundle, bootstrap };
}

export function areasMapParams(
  scene: Pick<SceneView, 'path' | 'settings' | 'truthPath'>,
  savedAreas: string,
  choice: TrainChoice,
): Omit<AreasMapParams, 'outDir' | 'cacheDir'> {
  const common = { areas: savedAreas, scene: scene.path, settings: scene.settings, bootstrap: choice.bootstrap, maxDepth: null, seed: 1, resolutionM: 100, extent: 'scene' as const, truth: scene.truthPath };
  if (choice.classifier === 'rf') return { ...common, classifier: 'rf', trees: choice.trees };
  // Trees are the forest's: a CNN ignores them (its record says null), so the contract's default is passed.
  return { ...common, classifier: 'cnn', trees: 30, cnn: areasCnnSettingsSchema.parse({ epochs: choice.epochs, fromBundle: choice.fromBundle }) };
}

/** The 10 Sentinel-2 bands So2Sat patches carry that the scene's band mapping lacks: the CNN cannot train without them. */
export function missingCnnBands(bands: readonly (string | null)[]): string[] {
  return SO2SAT_S2_BANDS.filter((id) => !bands.includes(id));
}

/**
 * The bundles a CNN can be fine-tuned from over this scene: 32 x 32 patches at 10 m (So2Sat's), reading only bands
 * the scene has. Whether a bundle kept its training checkpoint only the core can tell; it says so when it does not.
 */
export function fineTunableBundles(bundles: readonly BundleSummary[], sceneBands: readonly (string | null)[]): BundleSummary[] {
  return bundles.filter((b) => b.patchSize === 32 && b.resolutionM === 10 && b.bands.every((id) => sceneBands.includes(id)));
}

/**
 * The workspace name of a scene's set of areas: the scene's file name without its extension, with what a file name
 * may not hold replaced ("L7_ETMs.tif" -> "L7_ETMs areas"), so reopening the scene finds its areas again.
 */
export function areaSetNameFor(scenePath: string): string {
  const file = scenePath.split(/[\\/]/).pop() ?? '';
  const stem = file.replace(/\.[^.]*$/, '').replace(/[/\\:*?"<>|\p{Cc}]/gu, '_').replace(/^\.+/, '');
  return `${(stem || 'scene').slice(0, 80)} areas`;
}
