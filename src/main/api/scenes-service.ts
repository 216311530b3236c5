import { basename, join, resolve } from 'node:path';
import type { ResolvedSceneSettings, SceneSettings, SceneSettingsOverrides, SceneView, SettingsOrigin } from '../../shared/contract/scenes';
import { lonLatBounds } from '../raster/display-grid';
import { bandLabels, bandNameCandidates } from '../scenes/band-names';
import type { SceneFile } from '../scenes/scene-file';
import { scenePreview } from '../scenes/scene-preview';
import { SceneReader, describeSceneAt } from '../scenes/scene-reader';
import { checkSettings } from '../scenes/scene-settings';
import { SceneSettingsStore } from '../workspace/scene-settings-store';
import type { Workspace } from '../workspace/workspace';
import { OpenItems } from './open-items';
import { namedTruth, resolveSceneSettings } from './resolve-scene-settings';

interface OpenScene {
  /** The whole scene (a GeoTIFF, or a product: SAFE, Landsat Collection 2), before any area of interest. */
  scene: SceneFile;
  settings: SceneSettings;
  origin: SettingsOrigin;
  synthetic: boolean;
  truthPath: string | null;
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
    const scene = await describeSceneAt(absolute);
    const { settings, bandsOrigin } = resolveSceneSettings(scene, await this.store.get(absolute));
    // The synthetic demo scene names its truth; a scene from elsewhere has none unless the user gives one.
    const truth = namedTruth(scene);
    const item: OpenScene = { scene, settings, origin: bandsOrigin, synthetic: scene.metadata.SYNTHETIC === 'YES', truthPath: truth?.exists ? truth.path : null };
    return this.view(this.open.add(item), item);
  }

  /** Saves the user's band mapping, scaling and area of interest for this scene, and redraws it with them. */
  async configure(sceneId: string, settings: SceneSettings): Promise<SceneView> {
    const item = this.open.get(sceneId);
    checkSettings(item.scene, settings);
    await this.store.save(item.scene.path, settings);
    const updated: OpenScene = { ...item, settings, origin: 'saved' };
    return this.view(this.open.add(updated), updated);
  }

  /** The settings to map a scene with, resolved as for opening it (lcz map: no preview, and overrides from flags). */
  async settingsFor(path: string, overrides: SceneSettingsOverrides): Promise<ResolvedSceneSettings> {
    const absolute = resolve(path);
    const scene = await describeSceneAt(absolute);
    return { path: absolute, ...resolveSceneSettings(scene, await this.store.get(absolute), overrides), truth: namedTruth(scene) };
  }

  /** The scene file and the settings to map it with. */
  get(sceneId: string): OpenScene {
    return this.open.get(sceneId);
  }

  /** The scene as its settings say it is mapped: the area of interest when there is one, drawn in true colour. */
  private async view(id: string, item: OpenScene): Promise<SceneView> {
    const reader = await SceneReader.open(item.scene.path, undefined, { aoi: item.settings.aoi });
    try {
      const { scene } = reader;
      return {
        id,
        name: item.synthetic ? 'Synthetic demo scene' : (scene.product?.id ?? basename(scene.path)),
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
        ...(scene.product ? { product: scene.product } : {}),
        ...(scene.crop ? { fullSize: { width: scene.crop.fullWidth, height: scene.crop.fullHeight } } : {}),
      };
    } finally {
      await reader.close();
    }
  }
}

/** Where the synthetic demo scene is made; its maker (the synthetic city, a GeoTIFF writer) loads for this alone. */
export async function demoScenePath(workspace: Workspace): Promise<string> {
  const { DEMO_SCENE_FILE } = await import('../synthetic/demo-scene');
  return join(workspace.demoDir, DEMO_SCENE_FILE);
}
