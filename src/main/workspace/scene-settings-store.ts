import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { sceneSettingsSchema, type SceneSettings } from '../../shared/contract/scenes';
import { writeFileAtomic } from './atomic-write';

const storeSchema = z.record(z.string(), z.object({ settings: sceneSettingsSchema, savedAt: z.string() }));
type Store = z.infer<typeof storeSchema>;

/**
 * What the user said about a scene's bands and scaling, kept in the workspace by the scene's path so the next open
 * (and the command line) reads the scene the same way. The user's data folder is never written to.
 */
export class SceneSettingsStore {
  constructor(private readonly file: string) {}

  private async load(): Promise<Store> {
    try {
      return storeSchema.parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      // Missing or damaged: settings are a convenience, not worth an error.
      return {};
    }
  }

  async get(scenePath: string): Promise<SceneSettings | null> {
    return (await this.load())[scenePath]?.settings ?? null;
  }

  async save(scenePath: string, settings: SceneSettings): Promise<void> {
    const store = await this.load();
    store[scenePath] = { settings, savedAt: new Date().toISOString() };
    await writeFileAtomic(this.file, JSON.stringify(store, null, 2));
  }
}
