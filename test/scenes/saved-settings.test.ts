// The band mapping a user saves for a scene is kept in the workspace and read back when the scene is opened again,
// after a restart (a new service over the same workspace folder), by the app and by the same store the CLI reads.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SceneSettings } from '../../src/shared/contract';
import { ScenesService } from '../../src/main/api/scenes-service';
import { writeSyntheticScene } from '../../src/main/synthetic/demo-scene';
import { SceneSettingsStore } from '../../src/main/workspace/scene-settings-store';
import { Workspace } from '../../src/main/workspace/workspace';
import { gdalMissing } from '../helpers/gdal';
import { gdalVariant } from './gdal-variants';

const temp = mkdtempSync(join(tmpdir(), 'lcz-saved-settings-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let scene: string;

beforeAll(async () => {
  const source = join(temp, 'source.tif');
  await writeSyntheticScene(source, { size: 11, seed: 2 });
  // Six bands without names: the app can only guess (the Landsat 7 stack), the user says what they are.
  scene = gdalMissing ? source : gdalVariant(source, join(temp, 'unnamed.tif'), { bands: [1, 2, 3, 4, 5, 6], descriptions: ['', '', '', '', '', ''] });
}, 60_000);

describe.skipIf(gdalMissing)('saved band settings', () => {
  const mine: SceneSettings = { sensor: 'landsat-8', bands: ['L8.B2', 'L8.B3', 'L8.B4', null, 'L8.B6', 'L8.B7'], scale: 2e-5, offset: -0.1 };

  it('survive reopening the scene in a new session over the same workspace', async () => {
    const root = join(temp, 'workspace');
    const first = new ScenesService(await Workspace.open(root));
    const opened = await first.openScene(scene);
    expect(opened.settingsOrigin).toBe('guessed');
    expect(opened.settings.sensor).toBe('landsat-7');
    const configured = await first.configure(opened.id, mine);
    expect(configured.settingsOrigin).toBe('saved');

    // A restart: nothing shared but the folder.
    const again = await new ScenesService(await Workspace.open(root)).openScene(scene);
    expect(again.settingsOrigin).toBe('saved');
    expect(again.settings).toEqual(mine);
    // The command line reads the same store.
    expect(await new SceneSettingsStore((await Workspace.open(root)).sceneSettingsFile).get(scene)).toEqual(mine);
  });

  it('are kept per scene, and a damaged store falls back to reading the file', async () => {
    const root = join(temp, 'workspace-2');
    const workspace = await Workspace.open(root);
    const store = new SceneSettingsStore(workspace.sceneSettingsFile);
    await store.save(scene, mine);
    await store.save(join(temp, 'other.tif'), { ...mine, scale: 1 });
    expect(await store.get(scene)).toEqual(mine);
    expect(Object.keys(JSON.parse(readFileSync(workspace.sceneSettingsFile, 'utf8')) as object)).toHaveLength(2);
    writeFileSync(workspace.sceneSettingsFile, '{ "cut short');
    const view = await new ScenesService(workspace).openScene(scene);
    expect(view.settingsOrigin).toBe('guessed');
  });
});
