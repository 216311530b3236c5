// The areas requests of the contract, as every face sends them to the core: import, save and list in the workspace,
// export to KML and GeoJSON, and the refusals a face can meet.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/api/core';
import { Workspace } from '../../src/main/workspace/workspace';
import type { ImportedAreas, SavedAreas } from '../../src/shared/contract';
import { kmlOf, ring, square, writeText } from './fixtures';

let dir: string;
let core: Core;
let kml: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lcz-areas-core-'));
  core = new Core({ face: 'browser', version: 'test', workspace: await Workspace.open(join(dir, 'ws')) });
  const p = (name: string, lon: number) => ({ name, coordinates: ring(square(lon, 53, 0.002)) });
  kml = writeText(dir, 'city.kml', kmlOf({ '2': [p('core', 15.6), p('old town', 15.61)], G: [p('lake', 15.62)] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('areas requests', () => {
  it('imports, saves in the workspace, lists, and exports as KML and GeoJSON', async () => {
    const imported = (await core.handle('areas/import', { path: kml })) as ImportedAreas;
    expect(imported.areas.map((a) => [a.name, a.lcz])).toEqual([
      ['core', 2],
      ['old town', 2],
      ['lake', 17],
    ]);
    const saved = (await core.handle('areas/save', { name: 'My city', areas: imported.areas })) as SavedAreas;
    expect(saved.path).toBe(join(dir, 'ws', 'areas', 'My city.geojson'));
    expect(((await core.handle('areas/list', {})) as SavedAreas[]).map((s) => [s.name, s.areas, s.classes])).toEqual([['My city', 3, 2]]);
    const out = join(dir, 'out.kml');
    await core.handle('areas/export', { areas: imported.areas, path: out, format: 'kml', city: 'My city' });
    expect(readFileSync(out, 'utf8')).toMatch(/<name>My city<\/name>[\s\S]*<Folder>\s*<name>2<\/name>[\s\S]*<Folder>\s*<name>G<\/name>/);
    const json = join(dir, 'out.geojson');
    await core.handle('areas/export', { areas: imported.areas, path: json, format: 'geojson' });
    expect((JSON.parse(readFileSync(json, 'utf8')) as { features: { properties: { lcz: number } }[] }).features.map((f) => f.properties.lcz)).toEqual([2, 2, 17]);
  });

  it('refuses a set name that is a path, and a result folder that was not made from training areas', async () => {
    await expect(core.handle('areas/save', { name: '../outside', areas: [] })).rejects.toThrow(/name: is not a usable name/);
    await expect(core.handle('areas/result', { dir })).rejects.toThrow(`${dir}: has no training-areas.json: it is not a map made from training areas`);
  });
});
