// The basemap (issue 13): tiles from a tile server through the core's cache under a real LCZ map and a real scene,
// the opacity revealing them, and the server going away (the outline and a quiet note; the map keeps working); then
// a local MBTiles file written by GDAL, read from the disk.
// The tile server is a real HTTP server on 127.0.0.1 serving generated PNG tiles: the machines that run this have
// no internet, so OpenStreetMap itself is not asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasemapDriver } from '../drivers/basemap';
import { LczApp } from '../drivers/lcz-app';
import { ShellDriver } from '../drivers/shell';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';
import { gdalMissing } from '../../test/helpers/gdal';
import { gdalMbtiles, QUADRANTS } from '../../test/helpers/mbtiles';
import { sharedData, sharedDataMissing } from '../../test/helpers/shared-data';
import { startTileServer, TILE_COLOURS, type TileServer } from '../../test/helpers/tile-server';

const skipReason = chromiumMissing() ?? sharedDataMissing('lcz_zaragoza.tif') ?? sharedDataMissing('L7_ETMs.tif') ?? gdalMissing;

describe.skipIf(skipReason)('the basemap', () => {
  let server: TestServer;
  let tiles: TileServer;
  let browser: Browser;
  let page: Page;
  let app: LczApp;
  let basemap: BasemapDriver;
  let consoleErrors: string[];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lcz-e2e-mbtiles-'));
    tiles = await startTileServer();
    server = await startTestServer();
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    app = new LczApp(page);
    basemap = new BasemapDriver(page);
    await app.waitForMap();
    // The map gets the room the first-run guide takes.
    await new ShellDriver(page).closeGuide();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await tiles?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Pixels of either colour of the server's checkerboard, once there are at least `min` of the first.
  const tilePixels = async (min = 1) => (await basemap.tilePixels(TILE_COLOURS[0], min)) + (await basemap.tilePixels(TILE_COLOURS[1], 0));

  it('refuses a bad tile source with one message and keeps what was typed', async () => {
    await basemap.useSource('https://tiles.example.org/{z}/{x}.png');
    expect(await app.errorText()).toContain('must contain {y} exactly once');
    expect(await basemap.sourceTyped()).toBe('https://tiles.example.org/{z}/{x}.png');
  });

  it('draws the tile server\'s tiles under a real LCZ map, with their attribution, and the opacity reveals them', async () => {
    await app.openByPath(sharedData('lcz_zaragoza.tif'));
    await app.waitForMap();
    await basemap.useSource(tiles.template);
    await app.setOpacity(100);
    const aroundTheMap = await tilePixels(5_000);
    expect(aroundTheMap).toBeGreaterThan(5_000);
    expect(tiles.requests.length).toBeGreaterThan(0);
    expect(await basemap.attribution()).toContain(`Tiles: 127.0.0.1:${tiles.port}`);
    // Under the map, the tiles show as its opacity goes down.
    await app.setOpacity(0);
    expect(await tilePixels(aroundTheMap + 20_000)).toBeGreaterThan(aroundTheMap + 20_000);
    await app.setOpacity(45);
    expect(await basemap.noteShown()).toBe(false);
    await screenshot(page, 'basemap-01-tiles-under-zaragoza');
  });

  it('draws them under a real scene in true colour', async () => {
    await app.openSceneByUpload(sharedData('L7_ETMs.tif'));
    await basemap.showLayersTab();
    await basemap.zoomToLayer('scene');
    expect(await tilePixels(2_000)).toBeGreaterThan(2_000);
    await screenshot(page, 'basemap-02-tiles-under-landsat-scene');
  });

  it('keeps the choice in the session across a reload', async () => {
    await page.reload();
    await app.waitForMap();
    await basemap.showLayersTab();
    expect(await basemap.choice()).toBe('custom');
    expect(await basemap.sourceTyped()).toBe(tiles.template);
  });

  it('shows the outline and a quiet note when the tile server goes away, and the map keeps working', async () => {
    await tiles.close();
    await app.openByPath(sharedData('lcz_zaragoza.tif'));
    await app.waitForMap();
    // Out to zooms not seen yet: no tile of them is cached.
    await basemap.zoomOut(4);
    const note = await basemap.note();
    expect(note).toContain(`The tile server 127.0.0.1:${tiles.port} cannot be reached`);
    expect(await basemap.outlinePixels(2_000)).toBeGreaterThan(2_000);
    expect(await app.errorShown()).toBe(false);
    // The map still answers a click (it lies at the centre, as it was framed before zooming out).
    expect(await app.inspectAt(0.5, 0.5)).toMatch(/LCZ/);
    await screenshot(page, 'basemap-03-offline-outline');
  });

  it('draws only the outline when asked, with no note, and nothing with "none"', async () => {
    await basemap.choose('outline');
    await basemap.zoomOut(3);
    expect(await basemap.outlinePixels(2_000)).toBeGreaterThan(2_000);
    expect(await basemap.noteShown()).toBe(false);
    await screenshot(page, 'basemap-04-outline-only');
    await basemap.choose('none');
    expect(await basemap.canvas.waitForColour([244, 241, 232], { tolerance: 2, min: 0 })).toBeLessThan(2_000);
  });

  it('draws the tiles of a local MBTiles file under the LCZ map, from the disk, with the file named as attribution', async () => {
    // GDAL's MBTiles of one z=3 tile in four colours: Zaragoza lies in its bottom-right quadrant.
    const file = gdalMbtiles(dir, 'quadrants.mbtiles');
    await app.openByPath(sharedData('lcz_zaragoza.tif'));
    await app.waitForMap();
    await basemap.useSource(file);
    expect(await app.errorShown()).toBe(false);
    await app.setOpacity(40);
    expect(await basemap.tilePixels(QUADRANTS[3], 5_000)).toBeGreaterThan(5_000);
    expect(await basemap.attribution()).toContain('Tiles: quadrants.mbtiles');
    expect(await basemap.noteShown()).toBe(false);
    await screenshot(page, 'basemap-05-mbtiles-under-zaragoza');
  });

  it('logged no errors in the page', () => {
    expect(consoleErrors).toEqual([]);
  });
});
