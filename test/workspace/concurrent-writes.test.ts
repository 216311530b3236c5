// Lost updates: the workspace's JSON files are read, changed and written back by the app, the browser server and the
// CLI, possibly at once. Every change that reported success must be in the file afterwards.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SceneSettingsStore } from '../../src/main/workspace/scene-settings-store';
import { Workspace } from '../../src/main/workspace/workspace';
import { runWriters, settingsNumbered, type WriterOp } from './writer-ops';

const temp = mkdtempSync(join(tmpdir(), 'lcz-concurrent-writes-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('concurrent writers in one process', () => {
  it('keep all six band mappings saved at once', async () => {
    const workspace = await Workspace.open(join(temp, 'six'));
    const store = new SceneSettingsStore(workspace.sceneSettingsFile);
    const scenes = Array.from({ length: 6 }, (_, i) => join(temp, `scene-${i}.tif`));
    await Promise.all(scenes.map((scene, i) => store.save(scene, settingsNumbered(i))));
    for (const [i, scene] of scenes.entries()) expect(await store.get(scene)).toEqual(settingsNumbered(i));
  });

  it('keep every map opened at once in the recent list', async () => {
    const workspace = await Workspace.open(join(temp, 'recent'));
    const maps = Array.from({ length: 8 }, (_, i) => join(temp, `map-${i}.tif`));
    await Promise.all(maps.map((map) => workspace.rememberMap(map)));
    expect((await workspace.recentMaps()).map((m) => m.path).sort()).toEqual([...maps].sort());
  });
});

describe('two processes on one workspace', () => {
  it('keep every entry either of them wrote', async () => {
    const root = join(temp, 'two');
    await Workspace.open(root);
    const perProcess = 30;
    // Five maps per process (ten in all, under the recent list's limit of twelve), remembered again and again,
    // between band mappings saved for scenes of their own.
    const jobs = [0, 1].map((p) => ({
      root,
      concurrency: 1,
      ops: Array.from({ length: perProcess }, (_, i): WriterOp =>
        i % 2 === 0 ? { kind: 'remember', path: join(temp, `p${p}-map-${i % 5}.tif`) } : { kind: 'save', scene: join(temp, `p${p}-scene-${i}.tif`), settings: settingsNumbered(i) },
      ),
    }));
    const outcomes = await runWriters(jobs);
    for (const outcome of outcomes) expect(outcome, outcome.stderr).toMatchObject({ exitCode: 0, failed: [] });

    const workspace = await Workspace.open(root);
    const recent = new Set((await workspace.recentMaps()).map((m) => m.path));
    const scenes = JSON.parse(readFileSync(workspace.sceneSettingsFile, 'utf8')) as Record<string, { settings: unknown }>;
    for (const job of jobs) {
      for (const op of job.ops) {
        if (op.kind === 'remember') expect(recent, op.path).toContain(op.path);
        if (op.kind === 'save') expect(scenes[op.scene]?.settings, op.scene).toEqual(op.settings);
      }
    }
  });
});
