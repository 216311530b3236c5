import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { recentMapSchema, type RecentMap } from '../../shared/contract';
import { writeFileAtomic } from './atomic-write';

const RECENT_LIMIT = 12;

/** The user's on-disk project: plain files, written atomically. LCZ_WORKSPACE overrides the location. */
export class Workspace {
  private constructor(readonly root: string) {}

  static async open(root = process.env.LCZ_WORKSPACE ?? join(homedir(), 'LCZ Studio')): Promise<Workspace> {
    for (const dir of ['imports', 'exports', 'results', 'bundles', 'runs', 'datasets']) await mkdir(join(root, dir), { recursive: true });
    return new Workspace(root);
  }

  get importsDir(): string {
    return join(this.root, 'imports');
  }

  get exportsDir(): string {
    return join(this.root, 'exports');
  }

  /** One folder per mapping result (summary.json marks a complete one). */
  get resultsDir(): string {
    return join(this.root, 'results');
  }

  /** One folder per training run (run.json, checkpoints, evaluation, bundles). */
  get runsDir(): string {
    return join(this.root, 'runs');
  }

  /** Training data made in the app (the synthetic So2Sat file). */
  get datasetsDir(): string {
    return join(this.root, 'datasets');
  }

  /** Model bundles the user imported or trained. */
  get bundlesDir(): string {
    return join(this.root, 'bundles');
  }

  /** The synthetic demo scene, generated on first use (it is too large to ship). */
  get demoDir(): string {
    return join(this.root, 'demo');
  }

  /** Band mappings and scaling the user saved for scenes, by path. */
  get sceneSettingsFile(): string {
    return join(this.root, 'scenes.json');
  }

  private get recentFile(): string {
    return join(this.root, 'recent-maps.json');
  }

  async recentMaps(): Promise<RecentMap[]> {
    try {
      return z.array(recentMapSchema).parse(JSON.parse(await readFile(this.recentFile, 'utf8')));
    } catch {
      // Missing or damaged history is not worth an error: start a fresh one.
      return [];
    }
  }

  async rememberMap(path: string): Promise<void> {
    const entry: RecentMap = { path, name: basename(path), openedAt: new Date().toISOString() };
    const list = [entry, ...(await this.recentMaps()).filter((m) => m.path !== path)].slice(0, RECENT_LIMIT);
    await writeFileAtomic(this.recentFile, JSON.stringify(list, null, 2));
  }
}
