// The basemap through the core, as every face asks for it: the user's tile source (checked when set), its tiles,
// and the basemap choice kept in the session.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/api/core';
import { Workspace } from '../../src/main/workspace/workspace';
import type { OutputOf } from '../../src/shared/contract';
import { openDescriptors } from '../helpers/descriptors';
import { gdalMissing } from '../helpers/gdal';
import { gdalMbtiles, sqliteRun, sqliteTile, TILE } from '../helpers/mbtiles';
import { writePmtiles } from '../helpers/pmtiles-writer';
import { solidPng, startTileServer, type TileServer } from '../helpers/tile-server';

let root: string;
let server: TileServer;

async function core(): Promise<Core> {
  return new Core({ face: 'browser', version: 'test', workspace: await Workspace.open(root) });
}

const configure = async (c: Core, custom: string | null) => (await c.handle('basemap/configure', { custom })) as OutputOf<'basemap/configure'>;
const tile = async (c: Core, source: 'osm' | 'custom', z: number, x: number, y: number) => (await c.handle('basemap/tile', { source, z, x, y })) as OutputOf<'basemap/tile'>;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'lcz-basemap-'));
  server = await startTileServer({ tileSize: 32 });
});

afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the tile source setting', () => {
  it('keeps a good XYZ template across a restart and serves its tiles, cached in the workspace', async () => {
    const c = await core();
    expect(await configure(c, `  ${server.template} `)).toEqual({ custom: { kind: 'xyz', template: server.template, attribution: `Tiles: 127.0.0.1:${server.port}` } });
    expect(await (await core()).handle('basemap/settings', {})).toEqual({ custom: { kind: 'xyz', template: server.template, attribution: `Tiles: 127.0.0.1:${server.port}` } });
    expect(await tile(c, 'custom', 1, 1, 0)).toMatchObject({ kind: 'tile', contentType: 'image/png' });
    expect(await configure(c, null)).toEqual({ custom: null });
    expect(await tile(c, 'custom', 1, 1, 0)).toEqual({ kind: 'unavailable', message: 'No tile source of your own is set: type one under Basemap.' });
  });

  it.each([
    ['https://tiles.example.org/{z}/{x}.png', 'must contain {y} exactly once'],
    ['https://tiles.example.org/{z}/{x}/{y}/{y}.png', 'must contain {y} exactly once (it has it 2 times)'],
    ['https://{s}.tile.example.org/{z}/{x}/{y}.png', 'has the placeholder {s}'],
    ['ftp://tiles.example.org/{z}/{x}/{y}.png', 'must be an http:// or https:// address, not ftp:'],
    ['https://me:secret@tiles.example.org/{z}/{x}/{y}.png', 'carries a user name or password'],
    ['http://exa mple/{z}/{x}/{y}.png', 'is not a URL'],
    ['tiles/{z}/{x}/{y}.png', 'is neither a URL template'],
    ['   ', 'The tile source is empty'],
  ])('refuses the template %s with one message, keeping the source set before', async (template, expected) => {
    const c = await core();
    await configure(c, server.template);
    await expect(configure(c, template)).rejects.toThrow(expected);
    expect(((await c.handle('basemap/settings', {})) as OutputOf<'basemap/settings'>).custom).toMatchObject({ template: server.template });
  });

  it('takes a PMTiles archive of raster tiles, with its attribution as text, and serves its tiles from the file', async () => {
    const file = join(root, 'city.pmtiles');
    const png = solidPng(16, [10, 200, 30]);
    writePmtiles(file, [{ z: 0, x: 0, y: 0, bytes: png }, { z: 1, x: 1, y: 0, bytes: png }], { metadata: { attribution: '<a href="https://example.org">© City survey</a>' } });
    const c = await core();
    expect(await configure(c, file)).toEqual({ custom: { kind: 'pmtiles', path: file, attribution: '© City survey', minZoom: 0, maxZoom: 1 } });
    expect(await tile(c, 'custom', 1, 1, 0)).toEqual({ kind: 'tile', contentType: 'image/png', base64: png.toString('base64'), from: 'file' });
    expect(await tile(c, 'custom', 1, 0, 0)).toEqual({ kind: 'empty' });
    expect(await tile(c, 'custom', 5, 0, 0)).toEqual({ kind: 'empty' });
  });

  it('refuses an archive of vector tiles, a file that is not PMTiles, a missing file and another kind of file, each naming it', async () => {
    const c = await core();
    const vector = join(root, 'vector.pmtiles');
    writePmtiles(vector, [{ z: 0, x: 0, y: 0, bytes: new Uint8Array([1, 2, 3]) }], { tileType: 1 });
    await expect(configure(c, vector)).rejects.toThrow(`${vector}: holds vector (MVT) tiles: a basemap must be raster tiles (PNG, JPEG or WebP)`);
    const bogus = join(root, 'bogus.pmtiles');
    writeFileSync(bogus, 'not an archive at all, but long enough to be read as a header by the library '.repeat(3));
    await expect(configure(c, bogus)).rejects.toThrow(`${bogus}: is not a PMTiles v3 archive`);
    await expect(configure(c, join(root, 'missing.pmtiles'))).rejects.toThrow(`${join(root, 'missing.pmtiles')}: does not exist`);
    await expect(configure(c, join(root, 'city.png'))).rejects.toThrow(`${join(root, 'city.png')}: is not a tile file LCZ Studio reads: choose a .pmtiles or .mbtiles file of raster tiles`);
  });

  it.skipIf(gdalMissing)('takes an MBTiles file GDAL wrote, keeps it across a restart, serves its tiles from the file and lets it go when the source changes', async () => {
    const file = gdalMbtiles(root, 'city.mbtiles');
    sqliteRun(file, "INSERT INTO metadata (name, value) VALUES ('attribution', '© City survey')");
    const c = await core();
    const expected = { custom: { kind: 'mbtiles', path: file, attribution: '© City survey', minZoom: 2, maxZoom: 3 } };
    expect(await configure(c, file)).toEqual(expected);
    const again = await core();
    expect(await again.handle('basemap/settings', {})).toEqual(expected);
    expect(await tile(again, 'custom', TILE.z, TILE.x, TILE.y)).toEqual({ kind: 'tile', contentType: 'image/png', base64: sqliteTile(file, TILE.z, TILE.x, TILE.tmsRow)!.toString('base64'), from: 'file' });
    expect(await tile(again, 'custom', TILE.z, TILE.x, TILE.tmsRow)).toEqual({ kind: 'empty' });
    expect(await tile(again, 'custom', 5, 0, 0)).toEqual({ kind: 'empty' });
    const vector = join(root, 'vector.mbtiles');
    copyFileSync(file, vector);
    sqliteRun(vector, "UPDATE metadata SET value = 'pbf' WHERE name = 'format'");
    await expect(configure(again, vector)).rejects.toThrow(`${vector}: holds vector (pbf) tiles: a basemap must be raster tiles (PNG, JPEG or WebP)`);
    expect(((await again.handle('basemap/settings', {})) as OutputOf<'basemap/settings'>).custom).toEqual(expected.custom);
    expect(openDescriptors(file)).toBe(1);
    await configure(again, server.template);
    expect(openDescriptors(file)).toBe(0);
  });

  it('refuses a tile outside the tile grid of its zoom before asking anyone', async () => {
    await expect(tile(await core(), 'custom', 2, 4, 0)).rejects.toThrow('x and y must be below 2^z');
  });
});

describe('the basemap choice in the session', () => {
  it('is OpenStreetMap in a session saved before there was a basemap, and a patch that does not name it keeps it', async () => {
    const c = await core();
    await c.handle('session/set', { view: 'map' });
    const file = join(root, 'session.json');
    const { basemap: _, ...before } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(before));
    expect(((await c.handle('session/get', {})) as OutputOf<'session/get'>).session?.basemap).toBe('osm');
    await c.handle('session/set', { basemap: 'outline' });
    await c.handle('session/set', { tab: 'results' });
    expect(((await c.handle('session/get', {})) as OutputOf<'session/get'>).session).toMatchObject({ basemap: 'outline', tab: 'results' });
  });
});
