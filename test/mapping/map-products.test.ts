// Satellite products taken as users download them wherever a scene is taken: `lcz map --scene <product>` (with an
// area of interest from --aoi), `lcz info <product>`, and the app's scene service (open, area of interest saved with
// the scene's settings, preview). And the honest stops: a cloud-covered area, digital numbers 0-10,000 read as
// reflectance, a Level-1C product's unmasked clouds said on the result.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenesService } from '../../src/main/api/scenes-service';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { Workspace } from '../../src/main/workspace/workspace';
import type { ResultSummary } from '../../src/shared/contract';
import { gdalMissing, gdalTransform, gdalinfo } from '../helpers/gdal';
import { lczCli } from '../helpers/lcz-cli';
import { makeLandsat, makeSafe, tarProduct, zipProduct } from '../scenes/products/make-products';

const temp = mkdtempSync(join(tmpdir(), 'lcz-map-products-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const workspace = join(temp, 'workspace');
const lcz = lczCli({ cwd: temp, workspace, timeoutMs: 300_000 });
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(temp, dir, 'summary.json'), 'utf8')) as ResultSummary;

/** A lon/lat box "w,s,e,n" around UTM 31N corners, by GDAL's transformer. */
function aoiAround(xmin: number, ymin: number, xmax: number, ymax: number): string {
  const [[w, s], [e, n]] = gdalTransform('EPSG:32631', 'EPSG:4326', [
    [xmin, ymin],
    [xmax, ymax],
  ]) as [[number, number], [number, number]];
  return [w, s, e, n].map((v) => v.toFixed(6)).join(',');
}

describe.skipIf(gdalMissing)('satellite products wherever a scene is taken', () => {
  let zip: string;
  beforeAll(async () => {
    zip = await zipProduct(await makeSafe(join(temp, 'l2a'), { width: 600, height: 480 }), join(temp, 'S2B_MSIL2A_20220615T105619_N0400_R094_T31TCG_20220615T122338.zip'));
  }, 120_000);

  it('lcz map --scene S2B_MSIL2A_....zip --aoi maps the area of interest of the product as downloaded', { timeout: 240_000 }, () => {
    const aoi = aoiAround(301000, 4896000, 304000, 4898500);
    const run = lcz('map', '--scene', zip, '--aoi', aoi, '--out', 'aoi');
    expect(run.status, run.stderr).toBe(0);
    const summary = summaryOf('aoi');
    expect(summary.scene.settings.aoi).toBeDefined();
    expect(summary.scene.settings).toMatchObject({ sensor: 'sentinel-2', scale: 1, offset: 0 });
    // The grid starts at the crop's corner: on the product's 10 m pixel edges, around the box.
    const [x0, , , y0] = summary.grid.geoTransform;
    expect(x0).toBeLessThanOrEqual(301000);
    expect(x0).toBeGreaterThan(300900);
    expect(y0).toBeGreaterThanOrEqual(4898500);
    expect(y0).toBeLessThan(4898600);
    expect((x0 - 300000) % 10).toBe(0);
    expect(summary.grid.width).toBeGreaterThanOrEqual(30);
    expect(summary.grid.width).toBeLessThanOrEqual(32);
    expect(gdalinfo(join(temp, 'aoi', 'lcz.tif')).size).toEqual([summary.grid.width, summary.grid.height]);
    expect(summary.modelTrainedOn).toBe('synthetic');
    expect(run.stderr).toMatch(/lcz: warning: The model was trained only on synthetic data/);
  });

  it('an area of interest off the tile is refused before any work, saying where the tile is', { timeout: 240_000 }, () => {
    const run = lcz('map', '--scene', zip, '--aoi', '10,50,10.1,50.1', '--out', 'off-tile');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/: the area of interest \(lon 10\.0000 to 10\.1000, lat 50\.0000 to 50\.1000\) lies outside the scene, which covers lon 0\.\d+ to 0\.\d+, lat 44\.\d+ to 44\.\d+/);
    expect(run.stderr).not.toMatch(/Mapping/);
  });

  it('a cloud-covered area of interest is stopped, saying it is clouds', { timeout: 240_000 }, async () => {
    const cloudy = await zipProduct(await makeSafe(join(temp, 'cloudy'), { cloudShare: 1 }), join(temp, 'cloudy.zip'));
    const run = lcz('map', '--scene', cloudy, '--aoi', aoiAround(300500, 4898500, 301500, 4899500), '--out', 'out-cloudy');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/cloudy\.zip: is covered by clouds in the area of interest: 100 % of the pixels sampled are cloud or cloud shadow by the product's quality layer \(0 % no data\); choose a clearer date, or another area/);
  });

  it('a Level-1C product maps with its unmasked clouds said on the result', { timeout: 240_000 }, async () => {
    const l1c = await zipProduct(await makeSafe(join(temp, 'l1c'), { level: 'L1C', baseline: '02.09' }), join(temp, 'l1c.zip'));
    const run = lcz('map', '--scene', l1c, '--out', 'out-l1c');
    expect(run.status, run.stderr).toBe(0);
    expect(summaryOf('out-l1c').warnings.some((w) => /Level-1C product: top-of-atmosphere reflectance without a scene classification, so clouds are not masked/.test(w))).toBe(true);
  });

  it('a Landsat 8 .tar maps with the Sentinel-2 demo bundle through band equivalence', { timeout: 240_000 }, async () => {
    const tar = await tarProduct(await makeLandsat(join(temp, 'landsat')), join(temp, 'LC08_L2SP.tar'));
    const run = lcz('map', '--scene', tar, '--band-equivalence', '--out', 'out-landsat');
    expect(run.status, run.stderr).toBe(0);
    const use = summaryOf('out-landsat').bandEquivalence!;
    expect(use.sceneSensor).toBe('landsat-8');
    // Landsat 8/9's NIR (865 nm) is nearest Sentinel-2's B8A; B8 (842 nm) takes it too.
    expect(use.bands.find((b) => b.id === 'S2.B8A')).toMatchObject({ from: ['L8.B5'], kind: 'equivalent' });
    expect(use.bands.find((b) => b.id === 'S2.B11')).toMatchObject({ from: ['L8.B6'], kind: 'equivalent' });
  });

  it('lcz info describes a product: the scene it is read as, its bands and how it was read', { timeout: 240_000 }, () => {
    const run = lcz('info', zip, '--json');
    expect(run.status, run.stderr).toBe(0);
    const info = JSON.parse(run.stdout) as { width: number; bands: number; dtype: string; bandNames: string[]; product: { scaling: string } };
    expect([info.width, info.bands, info.dtype]).toEqual([600, 12, 'Float32']);
    expect(info.bandNames.slice(0, 4)).toEqual(['S2.B1', 'S2.B2', 'S2.B3', 'S2.B4']);
    expect(info.product.scaling).toBe('(DN - 1000) / 10000 (processing baseline 04.00)');
  });

  it('the app opens a product as a scene, keeps its area of interest with its settings, and previews it', { timeout: 240_000 }, async () => {
    const scenes = new ScenesService(await Workspace.open(join(temp, 'app-workspace')));
    const opened = await scenes.openScene(zip);
    expect(opened.product).toMatchObject({ kind: 'sentinel-2-safe', level: 'L2A' });
    expect([opened.width, opened.height, opened.settingsOrigin, opened.fullSize]).toEqual([600, 480, 'file', undefined]);
    expect(opened.preview.drawn).toEqual(['S2.B4', 'S2.B3', 'S2.B2']);
    const [w, s, e, n] = aoiAround(301000, 4896000, 304000, 4898500).split(',').map(Number) as [number, number, number, number];
    const cropped = await scenes.configure(opened.id, { ...opened.settings, aoi: { west: w, south: s, east: e, north: n } });
    expect(cropped.width).toBeLessThan(320);
    expect(cropped.fullSize).toEqual({ width: 600, height: 480 });
    // Saved: the command line maps the same area.
    const resolved = await scenes.settingsFor(zip, {});
    expect(resolved.settings.aoi).toEqual({ west: w, south: s, east: e, north: n });
    await expect(scenes.configure(opened.id, { ...opened.settings, aoi: { west: 10, south: 50, east: 10.1, north: 50.1 } })).rejects.toThrow(/lies outside the scene/);
  });
});

describe('digital numbers read as reflectance', () => {
  it('a UInt16 scene (reflectance x 10,000) read with scale 1 is stopped, naming scale 0.0001', { timeout: 240_000 }, async () => {
    const { scenePath } = await writeDemoScene(join(temp, 'demo'), { seed: 5, size: 12 });
    const run = lcz('map', '--scene', scenePath, '--scale', '1', '--out', 'dn');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/: does not hold the reflectance the model "Demo CNN .*" \(.*\) expects: read with scale 1 and offset 0, its S2\.B2 has a median of \d+ .*; the scale and offset should probably be 0\.0001 and 0, as for reflectance x 10,000 .*: --scale 0\.0001 --offset 0/);
    // And read as it should be, it maps.
    expect(lcz('map', '--scene', scenePath, '--out', 'reflectance').status).toBe(0);
  });
});
