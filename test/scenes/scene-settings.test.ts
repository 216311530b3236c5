// A scene's band mapping and scaling as read from files GDAL wrote the way other tools do: band names in
// descriptions or in per-band metadata, Sentinel-2 and Landsat names, no names at all, integer and float types, and
// geographic scenes (whose pixels are narrower across than down).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guessSensor, type Sensor } from '../../src/shared/bands';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { demoBundlePath } from '../../src/main/paths';
import { bandLabels, bandNameCandidates } from '../../src/main/scenes/band-names';
import { readSceneFile } from '../../src/main/scenes/scene-file';
import { missingForBundle, settingsFromFile } from '../../src/main/scenes/scene-settings';
import { writeSyntheticScene } from '../../src/main/synthetic/demo-scene';
import { gdalMissing } from '../helpers/gdal';
import { gdalVariant, type Variant } from './gdal-variants';


const temp = mkdtempSync(join(tmpdir(), 'lcz-scene-settings-'));
const source = join(temp, 'source.tif'); // 10 bands B2 ... B12, UInt16, 110 x 110 px of 10 m, UTM
afterAll(() => rmSync(temp, { recursive: true, force: true }));
beforeAll(async () => {
  await writeSyntheticScene(source, { size: 11, seed: 5 });
}, 60_000);

let serial = 0;
const variant = (v: Variant) => readSceneFile(gdalVariant(source, join(temp, `v${++serial}.tif`), v));
const settingsOf = async (v: Variant, sensor: Sensor | null = null) => settingsFromFile(await variant(v), sensor);
const noNames = (n: number) => Array.from({ length: n }, () => '');

describe.skipIf(gdalMissing)('band mapping and scaling read from GDAL-written files', () => {
  it('reads Sentinel-2 names from descriptions, in whatever order the bands are stacked', async () => {
    // B12, B2, B8A, B4 ... : the file's bands 10, 1, 8, 3, then the rest.
    const order = [10, 1, 8, 3, 2, 4, 5, 6, 7, 9];
    const names = ['B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B8A', 'B11', 'B12'];
    const scene = await variant({ bands: order, descriptions: order.map((b) => names[b - 1]!) });
    expect(scene.descriptions).toEqual(order.map((b) => names[b - 1]!));
    expect(guessSensor(scene.descriptions, scene.bandCount)).toBe('sentinel-2');
    const { settings, origin } = settingsFromFile(scene);
    expect(origin).toBe('file');
    expect(settings.sensor).toBe('sentinel-2');
    expect(settings.bands).toEqual(['S2.B12', 'S2.B2', 'S2.B8A', 'S2.B4', 'S2.B3', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8', 'S2.B11']);
  });

  it('reads Landsat 8/9 Collection 2 names (SR_B1 ... SR_B7)', async () => {
    const { settings, origin } = await settingsOf({ bands: [1, 2, 3, 4, 5, 6, 7], descriptions: ['SR_B1', 'SR_B2', 'SR_B3', 'SR_B4', 'SR_B5', 'SR_B6', 'SR_B7'] });
    expect(origin).toBe('file');
    expect(settings.sensor).toBe('landsat-8');
    expect(settings.bands).toEqual(['L8.B1', 'L8.B2', 'L8.B3', 'L8.B4', 'L8.B5', 'L8.B6', 'L8.B7']);
  });

  it('reads band names from per-band metadata (BANDNAME, band_name) when descriptions do not name the band', async () => {
    const ids = ['B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B11', 'B12'];
    const descriptions = noNames(10);
    descriptions[2] = 'red band (665 nm)'; // a description that names no band: the metadata says which
    const metadata = ids.map((id, i): Record<string, string> => (i % 2 ? { band_name: id, WAVELENGTH: '0' } : { BANDNAME: id }));
    const scene = await variant({ descriptions, metadata });
    expect(scene.bandMetadata[0]).toEqual({ BANDNAME: 'B2' });
    expect(scene.bandMetadata[1]).toEqual({ band_name: 'B3', WAVELENGTH: '0' });
    expect(bandLabels(bandNameCandidates(scene))).toEqual(ids);
    const { settings, origin } = settingsFromFile(scene);
    expect(origin).toBe('file');
    expect(settings.sensor).toBe('sentinel-2');
    expect(settings.bands).toEqual(ids.map((id) => `S2.${id}`));
  });

  it('reads the names again as the sensor the user names: B2 ... B7 are Landsat 8 bands, not the Landsat 7 stack', async () => {
    const l8 = { bands: [1, 2, 3, 4, 5, 6], descriptions: ['B2', 'B3', 'B4', 'B5', 'B6', 'B7'] };
    // Alone, these names could be either Landsat (B2 is green on Landsat 7, blue on Landsat 8): a guess by band count.
    const guessed = await settingsOf(l8);
    expect(guessed.origin).toBe('guessed');
    expect(guessed.settings.bands).toEqual(['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4', 'L7.B5', 'L7.B7']);
    const named = await settingsOf(l8, 'landsat-8');
    expect(named.origin).toBe('file');
    expect(named.settings.sensor).toBe('landsat-8');
    expect(named.settings.bands).toEqual(['L8.B2', 'L8.B3', 'L8.B4', 'L8.B5', 'L8.B6', 'L8.B7']);
  });

  it('guesses the usual stacks by band count when nothing names the bands, and says it is a guess', async () => {
    const six = await settingsOf({ bands: [1, 2, 3, 4, 5, 6], descriptions: noNames(6) });
    expect(six).toEqual({ origin: 'guessed', sensorStack: false, settings: { sensor: 'landsat-7', bands: ['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4', 'L7.B5', 'L7.B7'], scale: 1e-4, offset: 0 } });
    const ten = await settingsOf({ descriptions: noNames(10) });
    expect(ten.origin).toBe('guessed');
    expect(ten.settings.bands).toEqual(['S2.B2', 'S2.B3', 'S2.B4', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8', 'S2.B8A', 'S2.B11', 'S2.B12']);
    // A sensor named by the user that is not the usual stack's: no guess is better than a wrong one.
    const six8 = await settingsOf({ bands: [1, 2, 3, 4, 5, 6], descriptions: noNames(6) }, 'landsat-8');
    expect(six8.settings.sensor).toBe('landsat-8');
    expect(six8.settings.bands).toEqual(noNames(6).map(() => null));
    expect(six8.sensorStack).toBe(false);
    // The sensor the user named is the usual stack's: taken as the user's word (no guess warning in lcz map).
    expect((await settingsOf({ bands: [1, 2, 3, 4, 5, 6], descriptions: noNames(6) }, 'landsat-7')).sensorStack).toBe(true);
  });

  it('scales 16-bit integer scenes by 0.0001, and reads Float32 reflectance and Byte digital numbers as they are', async () => {
    expect((await settingsOf({})).settings.scale).toBe(1e-4);
    expect((await settingsOf({ type: 'Int16' })).settings.scale).toBe(1e-4);
    expect((await settingsOf({ type: 'Float32', scale: [0, 10000, 0, 1] })).settings.scale).toBe(1);
    expect((await settingsOf({ type: 'Byte', scale: [0, 10000, 0, 255] })).settings.scale).toBe(1);
  });
});

describe.skipIf(gdalMissing)('a geographic scene against the patch size', () => {
  // 110 x 110 pixels of 0.00008 x 0.00004 degrees at 60.5 N: about 487 m across (a degree of longitude is half as
  // long there) and 490 m down (a degree of latitude is not). The demo bundle takes 320 m patches.
  const at = (dy: number): [number, number, number, number] => [10, 60.5, 10 + 110 * 0.00008, 60.5 - 110 * dy];

  it('measures its height without the cosine of the latitude', async () => {
    const { manifest } = await readBundle(demoBundlePath());
    const scene = await variant({ place: { srs: 'EPSG:4326', bounds: at(0.00004) } });
    expect(scene.crs.geographic).toBe(true);
    expect(scene.pixelHeightM).toBeCloseTo(0.00004 * 111_320, 6);
    expect(scene.pixelSizeM).toBeCloseTo(0.00008 * 111_320 * Math.cos((60.5 - 55 * 0.00004) * (Math.PI / 180)), 6);
    const settings = settingsFromFile(scene).settings;
    expect(missingForBundle(scene, settings, manifest)).toEqual([]);
    // Half as tall: 245 m, now truly smaller than one patch, and said in metres that are right.
    const short = await variant({ place: { srs: 'EPSG:4326', bounds: at(0.00002) } });
    const problems = missingForBundle(short, settings, manifest);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/patches of 320 m .* only 4\d\d x 245 m/);
  });
});
