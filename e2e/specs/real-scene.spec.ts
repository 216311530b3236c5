// A planner's real scene in the app (issue 13): the Olinda Landsat 7 scene (../shared/data/L7_ETMs.tif, Byte digital
// numbers) mapped with the demo bundle, a Sentinel-2 model trained on synthetic cities. The Mapping tab offers band
// equivalence naming the stand-ins; accepted, the Byte values read as reflectance are stopped with the scale they
// probably need; with that scale the scene is mapped, and the map badge and the result card say what to know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import proj4 from 'proj4';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LczApp } from '../drivers/lcz-app';
import { MappingDriver, type Box } from '../drivers/mapping';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';
import { gdalMissing } from '../../test/helpers/gdal';
import { sharedData, sharedDataMissing } from '../../test/helpers/shared-data';
import { makeLandsat, makeSafe, tarProduct, zipProduct } from '../../test/scenes/products/make-products';

const skipReason = chromiumMissing() ?? sharedDataMissing('L7_ETMs.tif');
const olinda = sharedData('L7_ETMs.tif');

/**
 * The Olinda scene's pixels a box covers (every pixel it touches, as the core crops): its grid as gdalinfo gives it,
 * SIRGAS 2000 / UTM zone 25S, origin (288776.25, 9120760.75), 28.5 m pixels, 349 x 352.
 */
function olindaPixels(box: Box): { width: number; height: number } {
  const utm = proj4('EPSG:4326', '+proj=utm +zone=25 +south +ellps=GRS80 +units=m +no_defs');
  const corners = [[box.west, box.south], [box.east, box.south], [box.east, box.north], [box.west, box.north]].map((c) => utm.forward(c));
  const cols = corners.map(([x]) => (x! - 288776.25) / 28.5);
  const rows = corners.map(([, y]) => (9120760.75 - y!) / 28.5);
  const span = (v: number[], size: number) => Math.min(size, Math.ceil(Math.max(...v))) - Math.max(0, Math.floor(Math.min(...v)));
  return { width: span(cols, 349), height: span(rows, 352) };
}

describe.skipIf(skipReason)('a real Landsat scene and a Sentinel-2 model', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let mapping: MappingDriver;
  let consoleErrors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    mapping = new MappingDriver(page);
    await mapping.openSceneByPath(olinda);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('offers band equivalence, naming what stands in for each Sentinel-2 band', async () => {
    expect(await mapping.sceneName()).toMatch(/L7_ETMs\.tif$/);
    expect((await mapping.problems()).join(' ')).toMatch(/the scene's Landsat 7 ETM\+ bands can stand in for them by band equivalence/);
    const offer = await mapping.equivalenceOffer();
    expect(offer?.standIns).toContain('S2.B4 (red) from L7.B3 (red, 660 nm)');
    expect(offer?.standIns).toContain('S2.B8 (nir) from L7.B4 (nir, 835 nm)');
    expect(offer?.standIns.find((s) => s.startsWith('S2.B5'))).toMatch(/interpolated by wavelength/);
    expect(offer?.none).toBe('');
    await screenshot(page, 'r01-equivalence-offered');
  });

  let suggested = '';
  it('stops Byte digital numbers read as reflectance, saying the scale they probably need', async () => {
    await mapping.acceptEquivalence();
    expect(await mapping.problems()).toEqual([]);
    const job = await mapping.startMapping();
    expect(await mapping.waitForJobEnd(job)).toBe('failed');
    const { text } = await mapping.outcome();
    expect(text).toMatch(/does not hold the reflectance the model .* expects: read with scale 1 and offset 0/);
    expect(text).toMatch(/these look like 8-bit digital numbers/);
    suggested = /scale ([\d.]+(?:e-?\d+)?) --offset 0|scale ([\d.]+(?:e-?\d+)?)/.exec(text.split('these look like')[1] ?? '')?.slice(1).find(Boolean) ?? '';
    expect(Number(suggested)).toBeGreaterThan(0.001);
    await screenshot(page, 'r02-byte-as-reflectance-stopped');
  });

  it('maps with the suggested scale, and says on the map and on the result card what to know', async () => {
    await mapping.setScale(suggested);
    // Saving the band mapping keeps the equivalence accepted for this scene file.
    expect(await mapping.problems()).toEqual([]);
    const job = await mapping.startMapping();
    expect(await mapping.waitForJobEnd(job)).toBe('succeeded');
    await mapping.openTab('results');
    const honesty = await mapping.honesty();
    expect(honesty.badge).toEqual(['Model trained on synthetic data', 'Bands by equivalence (Landsat 7 ETM+)']);
    expect(honesty.card).toEqual(honesty.badge);
    expect(honesty.warnings.some((w) => /trained only on synthetic data/.test(w))).toBe(true);
    expect(honesty.warnings.some((w) => /stood in for them by band equivalence/.test(w))).toBe(true);
    await screenshot(page, 'r03-olinda-mapped-with-warnings');
  });

  it('crops the scene to an area typed in degrees, and refuses one off the scene, naming it', async () => {
    const app = new LczApp(page);
    expect(await mapping.cropTo({ west: -34.9, south: -8.02, east: -34.86, north: -7.98 })).toMatch(/^Cropped to this area: \d+ × \d+ px of the 349 × 352 px scene\./);
    await screenshot(page, 'r03b-olinda-cropped');
    await mapping.cropTo({ west: 2.1, south: 41.35, east: 2.23, north: 41.45 });
    expect(await app.errorText()).toMatch(/L7_ETMs\.tif/);
    expect(await app.errorText()).toMatch(/area of interest/i);
  });

  it('crops the scene to an area drawn on the map, outlined on the map while it is the area mapped', async () => {
    expect(await mapping.wholeScene()).toMatch(/^The whole scene is mapped/);
    const whole = await mapping.aoiOutlinePixels();
    // A drawing started by mistake ends with Escape, Cancel, or on leaving the tab; the fields keep what they held.
    const before = await mapping.aoiFields();
    for (const how of ['escape', 'cancel', 'leave-tab'] as const) {
      await mapping.startAoiDrawing();
      expect(await mapping.endAoiDrawing(how)).toEqual(before);
    }

    // Old Olinda and a strip of Recife's north, about 4 km by 3 km of the 10 km scene.
    const target = { west: -34.89, south: -8.02, east: -34.855, north: -7.99 };
    const drawn = await mapping.drawAoi(target);
    for (const side of ['west', 'south', 'east', 'north'] as const) expect(Math.abs(drawn[side] - target[side])).toBeLessThan(0.0015);
    const pending = await mapping.aoiOutlinePixels();
    expect(pending.pending).toBeGreaterThan(whole.pending + 200);
    await screenshot(page, 'r03c-olinda-area-drawn');

    const note = await mapping.cropToFields();
    const [width, height] = (/^Cropped to this area: (\d+) × (\d+) px of the 349 × 352 px scene\./.exec(note) ?? []).slice(1).map(Number);
    const expected = olindaPixels(drawn);
    expect(Math.abs(width! - expected.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(height! - expected.height)).toBeLessThanOrEqual(1);
    expect(width! * height!).toBeLessThan(349 * 352 / 3);
    expect(await mapping.aoiOverhangs()).toBe(false);
    const cropped = await mapping.aoiOutlinePixels();
    expect(cropped.saved).toBeGreaterThan(whole.saved + 200);
    expect(cropped.pending).toBeLessThan(pending.pending / 10);
    await screenshot(page, 'r03d-olinda-cropped-to-drawn-area');

    // A box over the scene's east edge is cropped at the edge, as a typed one is.
    const edge = await mapping.drawAoi({ west: -34.85, south: -8.0, east: -34.822, north: -7.97 });
    const [edgeWidth] = (/(\d+) × \d+ px of the 349/.exec(await mapping.cropToFields()) ?? []).slice(1).map(Number);
    expect(edge.east).toBeGreaterThan(-34.82597);
    expect(edgeWidth).toBe(olindaPixels(edge).width);
    expect(await mapping.aoiOverhangs()).toBe(true);
    await screenshot(page, 'r03e-olinda-cropped-at-the-edge');

    await mapping.wholeScene();
    expect((await mapping.aoiOutlinePixels()).saved).toBeLessThan(cropped.saved / 10);
  });

  describe.skipIf(gdalMissing)('products as users download them', () => {
    const temp = mkdtempSync(join(tmpdir(), 'lcz-e2e-products-'));
    afterAll(() => rmSync(temp, { recursive: true, force: true }));

    it('offers .zip and .tar in Open, and opens a dropped Landsat .tar and a Sentinel-2 .zip as scenes', async () => {
      const app = new LczApp(page);
      expect(await app.uploadAccepts()).toEqual(expect.arrayContaining(['.tif', '.zip', '.tar']));
      const tar = await tarProduct(await makeLandsat(temp), join(temp, 'landsat.tar'));
      await app.openSceneByUpload(tar);
      expect(await mapping.sceneName()).toMatch(/LC08_L2SP_217066_20200101_20200113_02_T1/);
      const zip = await zipProduct(await makeSafe(temp), join(temp, 'sentinel-2.zip'));
      await app.openSceneByUpload(zip);
      expect(await mapping.sceneName()).toMatch(/S2\w_MSIL2A_/);
      await screenshot(page, 'r04-sentinel-2-zip-dropped');
    });

    it('opens an unpacked .SAFE folder typed in Open', async () => {
      const safe = await makeSafe(join(temp, 'typed'));
      await mapping.openSceneByPath(safe);
      expect(await mapping.sceneName()).toMatch(/S2\w_MSIL2A_/);
    });
  });

  it('logged no errors in the page console', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
