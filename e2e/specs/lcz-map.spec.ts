// The planner's story from the foundation issue, in a real Chromium against the real core (browser mode).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LczApp } from '../drivers/lcz-app';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';
import { gdalinfo, gdalMissing, gdalValidAreaKm2, gdalValueAt, gdalValueCounts } from '../../test/helpers/gdal';
import { sharedData, sharedDataMissing } from '../../test/helpers/shared-data';
import { LCZ_CLASSES } from '../../src/shared/lcz-classes';

const skipReason = chromiumMissing();
const zaragoza = sharedData('lcz_zaragoza.tif');
const landsat = sharedData('L7_ETMs.tif');

describe.skipIf(skipReason)('LCZ Studio in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let app: LczApp;
  let consoleErrors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    app = new LczApp(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens on the synthetic demo city and says it is synthetic', async () => {
    await app.waitForMap();
    expect(await app.mapName()).toMatch(/synthetic/i);
    expect(await app.syntheticBadgeShown()).toBe(true);
    expect(await app.legend.values()).toEqual(LCZ_CLASSES.map((c) => c.value));
    await screenshot(page, '01-demo-city');
  });

  it('refuses a file that is not a raster, naming it', async () => {
    const bogus = join(server.workspace, 'notes.tif');
    writeFileSync(bogus, 'this is not a GeoTIFF');
    await app.openByPath(bogus);
    const message = await app.errorText();
    expect(message).toContain('notes.tif');
    // The Open dialog comes back with the path as typed and the error beside it, to be corrected.
    await app.waitForDialogError('open');
    const dialog = await app.dialogState('open');
    expect(dialog?.path).toBe(bogus);
    expect(dialog?.error).toContain('notes.tif');
    await screenshot(page, '02-error-not-a-raster');
    await app.closeDialog();
  });

  it.skipIf(sharedDataMissing('L7_ETMs.tif'))('opens a multi-band scene dropped on the window as a scene to map, not as an LCZ map', async () => {
    await app.openSceneByUpload(landsat);
    expect(await app.sceneName()).toMatch(/L7_ETMs\.tif$/);
    expect(await app.selectedTab()).toBe('mapping');
    expect(await app.errorShown()).toBe(false);
    await screenshot(page, '02b-landsat-scene');
  });

  describe.skipIf(sharedDataMissing('lcz_zaragoza.tif'))('the Zaragoza map', () => {
    beforeAll(async () => {
      await app.openByPath(zaragoza);
      await app.waitForMap();
    });

    it('shows it in its place with the legend', async () => {
      expect(await app.mapName()).toBe('lcz_zaragoza.tif');
      expect(await app.syntheticBadgeShown()).toBe(false);
      // LCZ 1, 4, 7 and 10 do not occur in Zaragoza's map (GDAL: values 2, 3, 5, 6, 8, 9, 11-17): the legend says so in words.
      expect(await app.legend.absent()).toEqual({ values: [1, 4, 7, 10], note: '4 classes do not occur in this map (greyed).' });
      await screenshot(page, '03-zaragoza');
    });

    it.skipIf(gdalMissing)('lists the area of every class present, agreeing with GDAL cell counts', async () => {
      const counts = gdalValueCounts(zaragoza);
      counts.delete(-999);
      const valid = [...counts.values()].reduce((a, b) => a + b, 0);
      const rows = await app.areas();
      expect(rows.map((r) => r.value)).toEqual([...counts.keys()].sort((a, b) => a - b));
      for (const row of rows) {
        // Area shares differ from cell shares only by the cells' latitude (about 1 degree here).
        expect(row.percent).toBeCloseTo((100 * counts.get(row.value)!) / valid, 0);
        expect(row.km2).toBeGreaterThan(0);
      }
      // The cells are 0.00135° square, so about 112 m x 150 m at 41.6° N: the total must match the
      // ellipsoidal area GDAL's numbers give, within the rounding of the table.
      const total = rows.reduce((a, r) => a + r.km2, 0);
      const expected = gdalValidAreaKm2(zaragoza);
      expect(Math.abs(total - expected) / expected).toBeLessThan(0.002);
    });

    it.skipIf(gdalMissing)('tells the class of a clicked cell, as GDAL reads it', async () => {
      await app.inspectAt(0.5, 0.5);
      const { lon, lat, value } = await app.inspected();
      expect(Number.isFinite(lon) && Number.isFinite(lat)).toBe(true);
      const raw = gdalValueAt(zaragoza, lon, lat);
      expect(value).toBe(raw === -999 ? 0 : raw);
      if (value > 0) expect(await app.inspectClass()).toContain(LCZ_CLASSES[value - 1]!.name);
      await screenshot(page, '04-inspect');
    });

    /** The two classes covering the most of the map. */
    const largestClasses = async (): Promise<[number, number]> => {
      const [first, second] = (await app.areas()).sort((a, b) => b.km2 - a.km2);
      return [first!.value, second!.value];
    };

    it('fades the map with the opacity slider: no cell keeps its full colour, and all come back', async () => {
      const [largest] = await largestClasses();
      await app.setOpacity(100);
      const opaque = await app.classPixels(largest);
      expect(opaque).toBeGreaterThan(1000);
      await app.setOpacity(30);
      // Blended with what lies under it, the class's colour is gone from the map.
      expect(await app.classPixels(largest)).toBeLessThan(opaque / 100);
      await screenshot(page, '05-opacity-30');
      await app.setOpacity(100);
      expect(await app.classPixels(largest)).toBe(opaque);
    });

    it('hides a class from the legend: its cells leave the map, the other classes stay as they were', async () => {
      // Like with like: both pictures at full opacity (where cells have their class's exact colour), the class
      // shown then hidden.
      const [largest, second] = await largestClasses();
      await app.setOpacity(100);
      const shown = await app.classPixels(largest);
      const other = await app.classPixels(second);
      expect(shown).toBeGreaterThan(1000);
      expect(other).toBeGreaterThan(100);

      await app.legend.toggleClass(largest);
      expect(await app.legend.isClassShown(largest)).toBe(false);
      expect(await app.classPixels(largest)).toBe(0);
      // The next class keeps its cells (a few pixels along the new edges may change shade, not more).
      expect(Math.abs((await app.classPixels(second)) - other)).toBeLessThan(other / 100);
      await screenshot(page, '06-class-hidden');

      await app.legend.toggleClass(largest);
      expect(await app.legend.isClassShown(largest)).toBe(true);
      expect(await app.classPixels(largest)).toBe(shown);
    });

    it.skipIf(gdalMissing)('exports a paletted COG that GDAL reads with the CRS and colours', async () => {
      const out = join(server.workspace, 'exports', 'zaragoza-lcz.tif');
      // Proposed in the workspace's exports/, not beside the input (../shared/data may be read-only).
      expect(await app.openExportDialog()).toBe(join(server.workspace, 'exports', 'lcz_zaragoza-export.tif'));
      // A refused place: the dialog stays, with what was typed and why it was refused.
      const refused = '/proc/zaragoza-lcz.tif';
      await app.submitExport(refused);
      await app.waitForDialogError('export');
      expect(await app.dialogState('export')).toMatchObject({ path: refused, error: expect.stringContaining('/proc') as unknown as string });
      await screenshot(page, '07a-export-refused');
      await app.submitExport(out);
      const text = await app.waitForJob('succeeded');
      expect(text).toContain('zaragoza-lcz');
      expect(existsSync(out)).toBe(true);
      expect(existsSync(out.replace(/\.tif$/, '.qml'))).toBe(true);
      const info = gdalinfo(out);
      expect(info.bands).toHaveLength(1);
      expect(info.bands[0]!.type).toBe('Byte');
      expect(info.bands[0]!.noDataValue).toBe(0);
      expect(info.bands[0]!.colorTable?.entries[2]?.slice(0, 3)).toEqual([0xd1, 0, 0]);
      expect(info.coordinateSystem?.wkt).toContain('WGS 84');
      await screenshot(page, '07-exported');
    });
  });

  it('logged no errors in the page console', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
