// A damaged convenience file (the recent list, the saved band mappings) is not worth an error: the workspace starts
// it afresh. But the damaged file may be the only copy of what the user saved, so it is moved aside, never lost.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SceneSettingsStore } from '../../src/main/workspace/scene-settings-store';
import { Workspace } from '../../src/main/workspace/workspace';
import { settingsNumbered } from './writer-ops';

const temp = mkdtempSync(join(tmpdir(), 'lcz-damaged-files-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The files beside `file` that hold its damaged contents. */
function movedAside(file: string): string[] {
  const root = join(file, '..');
  return readdirSync(root)
    .filter((name) => name.startsWith(`${basename(file)}.damaged-`))
    .map((name) => readFileSync(join(root, name), 'utf8'));
}

describe('a damaged workspace file', () => {
  it('recent-maps.json: is moved aside whole, and the list starts afresh', async () => {
    const workspace = await Workspace.open(join(temp, 'recent'));
    const file = join(workspace.root, 'recent-maps.json');
    const damaged = '[{"path": "/data/important.tif", "name": "important.tif", "openedAt": "2026-01-0';
    writeFileSync(file, damaged);
    expect(await workspace.recentMaps()).toEqual([]);
    await workspace.rememberMap(join(temp, 'new.tif'));
    expect((await workspace.recentMaps()).map((m) => m.path)).toEqual([join(temp, 'new.tif')]);
    expect(movedAside(file)).toEqual([damaged]);
  });

  it('scenes.json: one that does not match its schema is moved aside too', async () => {
    const workspace = await Workspace.open(join(temp, 'scenes'));
    const store = new SceneSettingsStore(workspace.sceneSettingsFile);
    const damaged = JSON.stringify({ '/data/scene.tif': { settings: { sensor: 'sentinel-2', bands: [], scale: 1, offset: 0 }, savedAt: 'then' } });
    writeFileSync(workspace.sceneSettingsFile, damaged);
    expect(await store.get('/data/scene.tif')).toBeNull();
    await store.save(join(temp, 'scene.tif'), settingsNumbered(1));
    expect(await store.get(join(temp, 'scene.tif'))).toEqual(settingsNumbered(1));
    expect(movedAside(workspace.sceneSettingsFile)).toEqual([damaged]);
  });

  it('one that cannot be read at all is named in a clear error, neither treated as empty nor moved', async () => {
    const workspace = await Workspace.open(join(temp, 'unreadable'));
    mkdirSync(join(workspace.root, 'recent-maps.json'));
    const expected = `${join(workspace.root, 'recent-maps.json')}: cannot be read (EISDIR)`;
    await expect(workspace.recentMaps()).rejects.toThrow(expected);
    await expect(workspace.rememberMap(join(temp, 'new.tif'))).rejects.toThrow(expected);
    expect(readdirSync(workspace.root).filter((n) => n.startsWith('recent-maps.json'))).toEqual(['recent-maps.json']);
  });
});
