// Local MBTiles files as the basemap: files GDAL's MBTiles driver wrote, read back tile by tile and compared with
// what python3's sqlite3 and GDAL read from the same file; bad files refused with one message naming them.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasemapTiles } from '../../src/main/basemap/basemap-tiles';
import { openMbtilesBasemap } from '../../src/main/basemap/mbtiles-file';
import type { TileSource } from '../../src/shared/contract';
import { openDescriptors } from '../helpers/descriptors';
import { gdalMissing } from '../helpers/gdal';
import { gdalMbtiles, gdalPixels, QUADRANTS, sqliteRun, sqliteTile, TILE } from '../helpers/mbtiles';

let dir: string;
let made: string;

/** A fresh copy of the GDAL-written file, to change without touching the others. */
function copy(name: string): string {
  const path = join(dir, name);
  copyFileSync(made, path);
  return path;
}

describe.skipIf(gdalMissing)('an MBTiles file as the basemap', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lcz-mbtiles-'));
    made = gdalMbtiles(dir);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the tile GDAL wrote at the flipped (TMS) row, byte for byte, with the zooms and pixels GDAL has', async () => {
    const tileset = await openMbtilesBasemap(made);
    try {
      expect({ minZoom: tileset.minZoom, maxZoom: tileset.maxZoom, attribution: tileset.attribution }).toEqual({ minZoom: 2, maxZoom: 3, attribution: 'Tiles: quadrants.mbtiles' });
      const served = await tileset.tile(TILE.z, TILE.x, TILE.y);
      const written = sqliteTile(made, TILE.z, TILE.x, TILE.tmsRow);
      expect(written).not.toBeNull();
      expect(Buffer.from(served!).equals(written!)).toBe(true);
      // The unflipped row holds nothing: asking there is empty, as a missing PMTiles tile is.
      expect(await tileset.tile(TILE.z, TILE.x, TILE.tmsRow)).toBeNull();
      // The overview gdaladdo made: z=2, x=1, y=1 (TMS row 2).
      expect(Buffer.from((await tileset.tile(2, 1, 1))!).equals(sqliteTile(made, 2, 1, 2)!)).toBe(true);
      // The served tile decodes to the quadrants the raster was made of, where GDAL reads them in the MBTiles itself.
      const png = join(dir, 'served.png');
      writeFileSync(png, served!);
      const places = [[64, 64], [192, 64], [64, 192], [192, 192]] as const;
      expect(gdalPixels(png, places)).toEqual(QUADRANTS.map((q) => [...q]));
      expect(gdalPixels(made, places)).toEqual(QUADRANTS.map((q) => [...q]));
    } finally {
      tileset.close();
    }
  });

  it('takes its attribution (as text) and zooms from the metadata, or the zooms from the tiles when the metadata has none', async () => {
    const described = copy('described.mbtiles');
    sqliteRun(described, "INSERT INTO metadata (name, value) VALUES ('attribution', '<a href=\"https://example.org\">© City survey</a>'); UPDATE metadata SET value = '1' WHERE name = 'minzoom'");
    const a = await openMbtilesBasemap(described);
    a.close();
    expect([a.attribution, a.minZoom, a.maxZoom]).toEqual(['© City survey', 1, 3]);
    // One zoom missing: that one from the tiles, the other as declared.
    sqliteRun(described, "DELETE FROM metadata WHERE name = 'maxzoom'");
    const half = await openMbtilesBasemap(described);
    half.close();
    expect([half.minZoom, half.maxZoom]).toEqual([1, 3]);
    // Contradicting itself (min above max): both from the tiles.
    sqliteRun(described, "INSERT INTO metadata (name, value) VALUES ('maxzoom', '0')");
    const contradicting = await openMbtilesBasemap(described);
    contradicting.close();
    expect([contradicting.minZoom, contradicting.maxZoom]).toEqual([2, 3]);
    const bare = copy('bare.mbtiles');
    sqliteRun(bare, "DELETE FROM metadata WHERE name IN ('minzoom', 'maxzoom', 'format')");
    const b = await openMbtilesBasemap(bare);
    b.close();
    expect([b.minZoom, b.maxZoom]).toEqual([2, 3]);
  });

  it.each([
    ['text.mbtiles', (p: string) => writeFileSync(p, 'not a database at all, just some text in a file with the right name\n'.repeat(4)), 'is not an SQLite database, so not an MBTiles file'],
    ['empty.mbtiles', (p: string) => writeFileSync(p, ''), 'is empty, not an MBTiles file'],
    ['other.mbtiles', (p: string) => sqliteRun(p, 'CREATE TABLE places (name TEXT); INSERT INTO places VALUES (\'Zaragoza\')'), 'is an SQLite database but not an MBTiles tileset: it has no tiles table'],
    ['columns.mbtiles', (p: string) => sqliteRun(p, 'CREATE TABLE tiles (z INTEGER, x INTEGER, y INTEGER, data BLOB); CREATE TABLE metadata (name TEXT, value TEXT)'), 'is not an MBTiles tileset: its tiles table lacks the MBTiles columns (no such column: tile_data)'],
    ['vector.mbtiles', (p: string) => {
      copyFileSync(made, p);
      sqliteRun(p, "UPDATE metadata SET value = 'pbf' WHERE name = 'format'");
    }, 'holds vector (pbf) tiles: a basemap must be raster tiles (PNG, JPEG or WebP)'],
    ['cut.mbtiles', (p: string) => writeFileSync(p, readFileSync(made).subarray(0, 6000)), 'is cut short: its SQLite header says'],
    ['damaged.mbtiles', (p: string) => {
      const bytes = readFileSync(made);
      // Page 1 after the file header is the schema's b-tree: scrambled, SQLite cannot find the tables.
      bytes.fill(0xa5, 100, 4096);
      writeFileSync(p, bytes);
    }, 'is a damaged SQLite database'],
  ])('refuses %s with one message naming it', async (name, make, expected) => {
    const path = join(dir, name);
    make(path);
    await expect(openMbtilesBasemap(path)).rejects.toThrow(`${path}: ${expected}`);
    expect(openDescriptors(path)).toBe(0);
  });

  it('keeps one database open per source, reused tile after tile, and closes it when told', async () => {
    const path = copy('reused.mbtiles');
    const tiles = new BasemapTiles({ cacheDir: join(dir, 'cache'), maxCacheBytes: 1_000_000, userAgent: 'test' });
    const source: TileSource = { kind: 'mbtiles', path, attribution: '', minZoom: 2, maxZoom: 3 };
    const answers = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((x) => tiles.tile(source, 3, x, 2)));
    expect(answers.map((a) => a.kind)).toEqual(['empty', 'empty', 'empty', 'tile', 'empty', 'empty', 'empty', 'empty']);
    expect(await tiles.tile(source, 2, 1, 1)).toMatchObject({ kind: 'tile', from: 'file' });
    expect(openDescriptors(path)).toBe(1);
    // Another file as the source: the first is let go.
    const other = copy('other-source.mbtiles');
    await tiles.tile({ ...source, path: other }, 3, 4, 2);
    expect([openDescriptors(path), openDescriptors(other)]).toEqual([0, 1]);
    await tiles.close();
    expect(openDescriptors(other)).toBe(0);
  });

  it('answers unavailable, naming the file, once it is cut short or gone after it was set, and serves it again when it is back', async () => {
    const path = copy('moving.mbtiles');
    const tiles = new BasemapTiles({ cacheDir: join(dir, 'cache'), maxCacheBytes: 1_000_000, userAgent: 'test' });
    const source: TileSource = { kind: 'mbtiles', path, attribution: '', minZoom: 2, maxZoom: 3 };
    const good = await tiles.tile(source, TILE.z, TILE.x, TILE.y);
    expect(good).toMatchObject({ kind: 'tile', from: 'file' });
    // Cut short in place (the same file, as a copy over it that stopped halfway leaves it): noticed, not read on.
    writeFileSync(path, readFileSync(made).subarray(0, 6000));
    expect(await tiles.tile(source, TILE.z, TILE.x, TILE.y)).toEqual({ kind: 'unavailable', message: expect.stringContaining(`${path}: is cut short`) });
    rmSync(path);
    expect(await tiles.tile(source, TILE.z, TILE.x, TILE.y)).toEqual({ kind: 'unavailable', message: `${path}: does not exist` });
    expect(openDescriptors(path) + openDescriptors(`${path} (deleted)`)).toBe(0);
    copyFileSync(made, path);
    expect(await tiles.tile(source, TILE.z, TILE.x, TILE.y)).toEqual(good);
    await tiles.close();
  });
});
