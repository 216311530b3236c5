import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { recentMapSchema, type RecentMap } from '../../shared/contract';
import { JsonStore } from './json-store';

const RECENT_LIMIT = 12;

/**
 * The user's on-disk project: plain files, written atomically; the shared ones (JsonStore) under a lock, as the app,
 * a browser-mode server and `lcz` commands may use one workspace at once. LCZ_WORKSPACE overrides the location.
 */
export class Workspace {
  private readonly recent: JsonStore<RecentMap[]>;

  private constructor(readonly root: string) {
    this.recent = new JsonStore(join(root, 'recent-maps.json'), z.array(recentMapSchema), () => []);
  }

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

  /** One folder per comparison of two maps (comparison.json marks a complete one). */
  get comparisonsDir(): string {
    return join(this.root, 'comparisons');
  }

  /** The synthetic demo scene, generated on first use (it is too large to ship). */
  get demoDir(): string {
    return join(this.root, 'demo');
  }

  /** Band mappings and scaling the user saved for scenes, by path. */
  get sceneSettingsFile(): string {
    return join(this.root, 'scenes.json');
  }

  /** The maps opened last, newest first (none when the list is missing or damaged: it is only a convenience). */
  recentMaps(): Promise<RecentMap[]> {
    return this.recent.read();
  }

  async rememberMap(path: string): Promise<void> {
    const entry: RecentMap = { path, name: basename(path), openedAt: new Date().toISOString() };
    await this.recent.update((list) => [entry, ...list.filter((m) => m.path !== path)].slice(0, RECENT_LIMIT));
  }
}
