// An LCZ map made from synthetic data says so wherever it is opened from: the demo city, the true LCZ map of the
// synthetic demo scene (a file in the workspace's demo folder), a result mapped from that scene. Real maps do not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../src/shared/contract';
import { Core } from '../../src/main/api/core';
import { demoMapPath } from '../../src/main/paths';
import { exportLczMap } from '../../src/main/raster/export/export-lcz-map';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { syntheticCityMap } from '../../src/main/synthetic/synthetic-city';
import { Workspace } from '../../src/main/workspace/workspace';

const root = mkdtempSync(join(tmpdir(), 'lcz-maps-synthetic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function open(path: string): Promise<OutputOf<'maps/open'>> {
  const core = new Core({ face: 'browser', version: 'test', workspace: await Workspace.open(join(root, 'workspace')) });
  return (await core.handle('maps/open', { path })) as OutputOf<'maps/open'>;
}

describe('maps/open says which maps are synthetic', () => {
  it('the demo city, by its name', async () => {
    expect(await open(demoMapPath())).toMatchObject({ name: 'Synthetic demo city', synthetic: true });
  });

  it("the demo scene's true LCZ map, from the SYNTHETIC tag it was written with", async () => {
    const { truthPath } = await writeDemoScene(join(root, 'demo'), { size: 20 });
    expect(await open(truthPath)).toMatchObject({ name: 'synthetic-city-truth.tif', path: truthPath, synthetic: true });
  });

  it('not a map without the tag, even one of the same synthetic classes', async () => {
    const [plain] = await exportLczMap(syntheticCityMap({ size: 40 }), join(root, 'plain.tif'), { overviewResampling: 'nearest' });
    expect(await open(plain!)).toMatchObject({ name: 'plain.tif', synthetic: false });
  });
});
