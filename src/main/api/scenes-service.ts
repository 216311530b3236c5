import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SceneSettings, SceneView, SettingsOrigin } from '../../shared/contract/scenes';
import { lonLatBounds } from '../raster/display-grid';
import { bandLabels, bandNameCandidates } from '../scenes/band-names';
import type { SceneFile } from '../scenes/scene-file';
import { scenePreview } from '../scenes/scene-preview';
import { SceneReader } from '../scenes/scene-reader';
import { checkSettings, settingsFromFile } from '../scenes/scene-settings';
import { SceneSettingsStore } from '../workspace/scene-settings-store';
import type { Workspace } from '../workspace/workspace';
import { DEMO_SCENE_FILE } from '../synthetic/demo-scene';
import { OpenItems } from './open-items';

interface OpenScene {
  scene: SceneFile;
  settings: SceneSettings;
  origin: SettingsOrigin;
  synthetic: boolean;
  truthPath: string | null;
}

/** The synthetic demo scene names its truth in its metadata; a scene from elsewhere has none unless the user gives one. */
function truthBeside(scene: SceneFile, metadataTruth: string | null): string | null {
  if (!metadataTruth) return null;
  const path = resolve(dirname(scene.path), metadataTruth);
  return existsSync(path) ? path : null;
}

/** Multispectral scenes opened for mapping: described, band-mapped (saved per scene), previewed in true colour. */
export class ScenesService {
  private readonly open = new OpenItems<OpenScene>(8, 'scene');
  private readonly store: SceneSettingsStore;

  constructor(workspace: Workspace) {
    this.store = new SceneSettingsStore(workspace.sceneSettingsFile);
  }

  async openScene(path: string): Promise<SceneView> {
    const absolute = resolve(path);
    const reader = await SceneReader.open(absolute);
    try {
      const { scene } = reader;
      const saved = await this.store.get(absolute);
      const fromFile = settingsFromFile(scene);
      const usable = saved && saved.bands.length === scene.bandCount ? saved : null;
      const item: OpenScene = {
        scene,
        settings: usable ?? fromFile.settings,
        origin: usable ? 'saved' : fromFile.origin,
        synthetic: scene.metadata.SYNTHETIC === 'YES',
        truthPath: truthBeside(scene, scene.metadata.LCZ_TRUTH ?? null),
      };
      return await this.view(this.open.add(item), item, reader);
    } finally {
      await reader.close();
    }
  }

  /** Saves the user's band mapping and scaling for this scene, and redraws it with them. */
  async configure(sceneId: string, settings: SceneSettings): Promise<SceneView> {
    const item = this.open.get(sceneId);
    checkSettings(item.scene, settings);
    await this.store.save(item.scene.path, settings);
    const updated: OpenScene = { ...item, settings, origin: 'saved' };
    const reader = await SceneReader.open(item.scene.path);
    try {
      return await this.view(this.open.add(updated), updated, reader);
    } finally {
      await reader.close();
    }
  }

  /** The scene file and the settings to map it with. */
  get(sceneId: string): OpenScene {
    return this.open.get(sceneId);
  }

  private async view(id: string, item: OpenScene, reader: SceneReader): Promise<SceneView> {
    const { scene } = item;
    return {
      id,
      name: item.synthetic ? 'Synthetic demo scene' : basename(scene.path),
      path: scene.path,
      synthetic: item.synthetic,
      width: scene.width,
      height: scene.height,
      bandCount: scene.bandCount,
      dtype: scene.dtype,
      nodata: scene.nodata !== null && Number.isFinite(scene.nodata) ? scene.nodata : null,
      crs: scene.crs,
      geoTransform: [...scene.geoTransform] as SceneView['geoTransform'],
      bounds: [...lonLatBounds(scene)] as SceneView['bounds'],
      pixelSizeM: scene.pixelSizeM,
      descriptions: bandLabels(bandNameCandidates(scene)),
      settings: item.settings,
      settingsOrigin: item.origin,
      truthPath: item.truthPath,
      preview: await scenePreview(reader, item.settings),
    };
  }
}

export const demoScenePath = (workspace: Workspace): string => join(workspace.demoDir, DEMO_SCENE_FILE);
