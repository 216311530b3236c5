import type { AreasMapParams, SceneView } from '../../../shared/contract';

/**
 * The areas-map job's parameters from the open scene, the saved set and the panel's typed settings, and the name a
 * scene's set is saved under. Pure: tested in Node.
 */

export type TrainSettings = { ok: true; trees: number; bootstrap: number } | { ok: false; message: string };

function wholeNumber(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** Trees 1-1000 and bootstrap runs 0-1000 (0: no accuracy assessment, the quickest look), as the contract allows. */
export function parseTrainSettings(trees: string, bootstrap: string): TrainSettings {
  const t = wholeNumber(trees, 1, 1000);
  if (t === null) return { ok: false, message: 'Trees must be a whole number from 1 to 1000.' };
  const b = wholeNumber(bootstrap, 0, 1000);
  if (b === null) return { ok: false, message: 'Bootstrap runs must be a whole number from 0 to 1000.' };
  return { ok: true, trees: t, bootstrap: b };
}

export function areasMapParams(
  scene: Pick<SceneView, 'path' | 'settings' | 'truthPath'>,
  savedAreas: string,
  settings: { trees: number; bootstrap: number },
): Omit<AreasMapParams, 'outDir' | 'cacheDir'> {
  return {
    areas: savedAreas,
    scene: scene.path,
    settings: scene.settings,
    classifier: 'rf',
    trees: settings.trees,
    bootstrap: settings.bootstrap,
    maxDepth: null,
    seed: 1,
    resolutionM: 100,
    extent: 'scene',
    truth: scene.truthPath,
  };
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
