import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import type { SceneSettings, SceneView } from '../../../shared/contract';

let latestOpen = 0;

export interface OpenSceneOptions {
  /**
   * false: open it under the result on screen without taking the user anywhere (no camera move, no tab switch,
   * the LCZ layer stays on, no error banner if the file has gone).
   */
  interactive?: boolean;
}

/** Tests wait for sceneReady: false while the core reads the scene, true once its picture is drawn. */
function setSceneReady(value: string | undefined): void {
  if (value === undefined) delete document.body.dataset.sceneReady;
  else document.body.dataset.sceneReady = value;
}

/**
 * Opens a multispectral scene for mapping in the Map view: its true-colour picture goes under the LCZ layer, the
 * camera goes to it, and the Mapping tab shows its bands. An LCZ map of somewhere else (or an older result) is switched off, not
 * closed, so the scene the user asked for is what they see.
 */
export async function openScene(path: string, options: OpenSceneOptions = {}): Promise<SceneView | null> {
  const interactive = options.interactive ?? true;
  const ticket = ++latestOpen;
  const before = document.body.dataset.sceneReady;
  setSceneReady('false');
  if (interactive) appStore.set({ opening: path, dialog: null, error: null });
  try {
    const scene = await api.invoke('scenes/open', { path });
    if (ticket !== latestOpen) return null;
    const { result } = appStore.get();
    const mapOfThisScene = result !== null && result.summary.scene.path === scene.path;
    appStore.set(
      interactive
        ? { scene, sceneVisible: true, lczVisible: mapOfThisScene, view: 'map', tab: 'mapping', focus: { bounds: scene.bounds } }
        : { scene, sceneVisible: true },
    );
    return scene;
  } catch (error) {
    if (ticket === latestOpen) setSceneReady(before);
    if (interactive && ticket === latestOpen) reportError(error, { action: 'Cannot open', file: path });
    return null;
  } finally {
    if (interactive && ticket === latestOpen) appStore.set({ opening: null });
  }
}

/** Saves the band mapping and scaling of the open scene (in the workspace) and shows it redrawn with them. */
export async function configureScene(settings: SceneSettings): Promise<boolean> {
  const scene = appStore.get().scene;
  if (!scene) return false;
  try {
    const updated = await api.invoke('scenes/configure', { sceneId: scene.id, settings });
    if (appStore.get().scene?.path === updated.path) appStore.set({ scene: updated });
    return true;
  } catch (error) {
    reportError(error, { action: 'Cannot save the band settings of', file: scene.path });
    return false;
  }
}
