// Training areas read from every format planners bring: KML and KMZ in the WUDAPT template, GeoJSON, zipped
// shapefiles; written back as KML and GeoJSON; saved in the workspace.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreasStore } from '../../src/main/areas/areas-store';
import { areasToGeoJson } from '../../src/main/areas/export-geojson';
import { areasToKml } from '../../src/main/areas/export-kml';
import { importAreas } from '../../src/main/areas/import-areas';
import type { TrainingArea } from '../../src/shared/contract/areas';
import { gdal, gdalMissing } from '../helpers/gdal';
import { python, pythonMissing } from '../helpers/python';
import { sampleTrainingAreas, writeTemplateKml, type SampledArea } from '../helpers/training-areas';
import { kmlOf, makeDemo, ring, square, writeText, type Demo } from './fixtures';

let demo: Demo;
let sampled: SampledArea[];
let dir: string;

beforeAll(async () => {
  demo = await makeDemo(60);
  sampled = sampleTrainingAreas(demo.truthMap, { perClass: 4 });
  dir = mkdtempSync(join(tmpdir(), 'lcz-areas-import-'));
});
afterAll(() => {
  rmSync(demo.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Same classes, and outlines within 1e-7 degree (about a centimetre: the KML holds 7 decimals). */
function expectOutlines(areas: readonly TrainingArea[], expected: readonly SampledArea[]): void {
  expect(areas.map((a) => a.lcz)).toEqual(expected.map((a) => a.lcz));
  areas.forEach((a, i) => {
    const want = expected[i]!.ring;
    expect(a.geometry.coordinates[0]!.length).toBe(want.length);
    a.geometry.coordinates[0]!.forEach(([x, y], k) => {
      expect(Math.abs(x - want[k]![0])).toBeLessThan(1e-7);
      expect(Math.abs(y - want[k]![1])).toBeLessThan(1e-7);
    });
  });
}

describe('KML in the WUDAPT template', () => {
  it('reads every placemark with the class of its folder, its name and its outline', async () => {
    expect(new Set(sampled.map((a) => a.lcz)).size).toBeGreaterThanOrEqual(5);
    const path = join(dir, 'template.kml');
    writeTemplateKml(path, sampled);
    const { format, areas } = await importAreas(path);
    expect(format).toBe('kml');
    expectOutlines(areas, sampled);
    expect(areas.map((a) => a.name)).toEqual(sampled.map((a) => a.name));
    expect(new Set(areas.map((a) => a.id)).size).toBe(areas.length);
  });

  it('reads the class codes found in the wild: 11-17 and 101-107 for A-G, "LCZ 2", lower case', async () => {
    const p = (name: string) => [{ name, coordinates: ring(square(15.6, 53.0, 0.001)) }];
    const path = writeText(dir, 'codes.kml', kmlOf({ '101': p('a'), '17': p('g'), 'LCZ 2': p('two'), c: p('c'), 'lcz_10': p('ten') }));
    const { areas } = await importAreas(path);
    // (Integer-like folder names come first in a JavaScript object, so in the file.)
    expect(areas.map((a) => [a.name, a.lcz])).toEqual([
      ['g', 17],
      ['a', 11],
      ['two', 2],
      ['c', 13],
      ['ten', 10],
    ]);
  });

  it('reads a KMZ (the same document zipped as doc.kml)', async (context) => {
    if (pythonMissing()) return context.skip();
    const kml = join(dir, 'for-kmz.kml');
    writeTemplateKml(kml, sampled);
    const kmz = join(dir, 'areas.kmz');
    python('import sys, zipfile\nwith zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z: z.write(sys.argv[1], "doc.kml")', kml, kmz);
    const { format, areas } = await importAreas(kmz);
    expect(format).toBe('kmz');
    expectOutlines(areas, sampled);
  });
});

describe('GeoJSON and shapefiles', () => {
  it('reads the class from an attribute and splits multipart features into one area per part', async () => {
    const json = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { lcz: 'A', name: 'wood' }, geometry: { type: 'Polygon', coordinates: [square(15.6, 53.0, 0.002)] } },
        { type: 'Feature', properties: { class: 104, name: 'fields' }, geometry: { type: 'MultiPolygon', coordinates: [[square(15.61, 53.0, 0.002)], [square(15.62, 53.0, 0.002)]] } },
      ],
    };
    const { areas } = await importAreas(writeText(dir, 'areas.geojson', JSON.stringify(json)));
    expect(areas.map((a) => [a.id, a.lcz, a.name])).toEqual([
      ['1', 11, 'wood'],
      ['2.1', 14, 'fields'],
      ['2.2', 14, 'fields'],
    ]);
  });

  it('reads a zipped shapefile in a projected CRS, reprojected to WGS 84 by its .prj', async (context) => {
    if (gdalMissing || pythonMissing()) return context.skip();
    const source = join(dir, 'for-shp.geojson');
    writeFileSync(source, JSON.stringify(areasToGeoJson(sampled.map((a, i) => ({ id: String(i + 1), lcz: a.lcz, name: a.name, geometry: { type: 'Polygon', coordinates: [a.ring] } })))));
    const shpDir = join(dir, 'shp');
    gdal('ogr2ogr', '-f', 'ESRI Shapefile', '-t_srs', 'EPSG:32633', shpDir, source, '-nln', 'areas');
    expect(readFileSync(join(shpDir, 'areas.prj'), 'utf8')).toContain('UTM');
    const zip = join(dir, 'areas.zip');
    python('import sys, zipfile, os\nwith zipfile.ZipFile(sys.argv[2], "w") as z:\n  for f in os.listdir(sys.argv[1]): z.write(os.path.join(sys.argv[1], f), f)', shpDir, zip);
    const { format, areas } = await importAreas(zip);
    expect(format).toBe('shapefile');
    // Back in degrees, within a centimetre of the outlines written (the shapefile held metres).
    expectOutlines(areas, sampled);
  });
});

describe('export and the workspace', () => {
  it('writes KML in the template that reads back the same, and GDAL reads it as KML', async () => {
    const { areas } = await importAreas(writeText(dir, 'src.kml', readFileSync(join(dir, 'template.kml'), 'utf8')));
    const text = areasToKml(areas, 'Synthetic city');
    expect(text).toMatch(/<Folder>\s*<name>A<\/name>/);
    const back = await importAreas(writeText(dir, 'exported.kml', text));
    expect(back.areas.map((a) => [a.lcz, a.name, a.geometry])).toEqual(areas.map((a) => [a.lcz, a.name, a.geometry]));
    if (!gdalMissing) expect(gdal('ogrinfo', '-ro', '-so', '-al', join(dir, 'exported.kml'))).toContain(`Feature Count: ${areas.filter((a) => a.lcz === 11).length}`);
  });

  it('saves a set in the workspace and lists it; the saved file reads back with its ids', async () => {
    const { areas } = await importAreas(join(dir, 'template.kml'));
    const store = new AreasStore(join(dir, 'ws', 'areas'));
    const saved = await store.save('Olinda 2024', areas);
    expect(saved).toMatchObject({ name: 'Olinda 2024', areas: areas.length, classes: new Set(areas.map((a) => a.lcz)).size });
    expect((await store.list()).map((s) => s.name)).toEqual(['Olinda 2024']);
    expect((await importAreas(saved.path)).areas).toEqual(areas);
  });
});
