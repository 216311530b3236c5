import { z } from 'zod';
import { sceneSettingsSchema, type SceneSettings } from '../../shared/contract/scenes';
import { JsonStore } from './json-store';

const storeSchema = z.record(z.string(), z.object({ settings: sceneSettingsSchema, savedAt: z.string() }));
type Store = z.infer<typeof storeSchema>;

/**
 * What the user said about a scene's bands and scaling, kept in the workspace by the scene's path so the next open
 * (and the command line) reads the scene the same way. The user's data folder is never written to.
 */
export class SceneSettingsStore {
  // Missing or damaged: settings are a convenience, not worth an error (a damaged file is moved aside, see JsonStore).
  private readonly store: JsonStore<Store>;

  constructor(file: string) {
    this.store = new JsonStore(file, storeSchema, () => ({}));
  }

  async get(scenePath: string): Promise<SceneSettings | null> {
    return (await this.store.read())[scenePath]?.settings ?? null;
  }

  async save(scenePath: string, settings: SceneSettings): Promise<void> {
    await this.store.update((store) => ({ ...store, [scenePath]: { settings, savedAt: new Date().toISOString() } }));
  }
}
