// Bad training areas get one clear message each, naming the file and the feature; the checks before training
// find what the WUDAPT generator refuses or warns about, each with its areas and where to zoom.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAreas } from '../../src/main/areas/import-areas';
import { prepareAreas } from '../../src/main/areas/prepare-areas';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import { settingsFromFile } from '../../src/main/scenes/scene-settings';
import type { AreaProblemCode, AreasCheck, TrainingArea } from '../../src/shared/contract/areas';
import { lczCli } from '../helpers/lcz-cli';
import { sampleTrainingAreas, templateKml, type SampledArea } from '../helpers/training-areas';
import { kmlOf, makeDemo, ring, square, writeText, type Demo } from './fixtures';

let demo: Demo;
let dir: string;
let sampled: SampledArea[];

beforeAll(async () => {
  demo = await makeDemo(60);
  dir = mkdtempSync(join(tmpdir(), 'lcz-areas-bad-'));
  sampled = sampleTrainingAreas(demo.truthMap, { perClass: 4 });
});
afterAll(() => {
  rmSync(demo.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

async function importError(name: string, text: string): Promise<{ path: string; message: string }> {
  const path = writeText(dir, name, text);
  const error = await importAreas(path).then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error?.name).toBe('UserError');
  return { path, message: error!.message };
}

const placemark = (name: string, points: readonly (readonly number[])[]) => ({ name, coordinates: ring(points) });

describe('files that cannot be training areas', () => {
  it('an empty KML', async () => {
    const { path, message } = await importError('empty.kml', '');
    expect(message).toBe(`${path}: is empty: a KML file of training areas was expected`);
  });

  it('a malformed KML', async () => {
    const { path, message } = await importError('malformed.kml', '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>1</name></Document></kml>');
    expect(message).toMatch(new RegExp(`^${path}: is not valid KML: its XML is malformed \\(.+\\)$`));
  });

  it('a KML with no placemark', async () => {
    const { path, message } = await importError('no-areas.kml', kmlOf({ '2': [] }));
    expect(message).toMatch(new RegExp(`^${path}: holds no training areas`));
  });

  it('a KML whose folders are not classes', async () => {
    const { path, message } = await importError('folders.kml', kmlOf({ '2': [placemark('centre', square(15.6, 53, 0.002))], Parks: [placemark('Big park', square(15.61, 53, 0.002))] }));
    expect(message).toBe(`${path}: placemark "Big park" (folder "Parks") is in a folder that is not an LCZ class; put each area in a folder named for its class: 1-10 or A-G, as in the WUDAPT template`);
  });

  it('polygons in another CRS: projected numbers in a KML, a "crs" member in GeoJSON', async () => {
    const [x, y] = proj4('EPSG:4326', '+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs', [15.6, 53]);
    const utm = square(x, y, 200);
    const kml = await importError('utm.kml', kmlOf({ A: [placemark('wood', utm)] }));
    expect(kml.message).toMatch(new RegExp(`^${kml.path}: placemark "wood" \\(folder "A"\\) has coordinates \\(\\d+, \\d+\\) that are not longitude and latitude: it is in another \\(projected\\) CRS`));
    const json = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32633' } }, features: [{ type: 'Feature', properties: { lcz: 11 }, geometry: { type: 'Polygon', coordinates: [utm] } }] };
    const geojson = await importError('utm.geojson', JSON.stringify(json));
    expect(geojson.message).toBe(`${geojson.path}: is in another CRS (urn:ogc:def:crs:EPSG::32633); GeoJSON training areas must be in WGS 84 longitude/latitude (EPSG:4326), as RFC 7946 requires: reproject the file`);
  });

  it('3-D coordinates (an altitude that is not 0); Google Earth\'s ",0" is fine', async () => {
    const flat = square(15.6, 53, 0.002).map(([lon, lat]) => [lon, lat, 0]);
    const raised = square(15.61, 53, 0.002).map(([lon, lat]) => [lon, lat, 35]);
    const { path, message } = await importError('3d.kml', kmlOf({ D: [placemark('field', flat), placemark('roof', raised)] }));
    expect(message).toBe(`${path}: placemark "roof" (folder "D") has 3-D coordinates (altitude 35 at 15.61, 53); training areas are outlines on the ground: draw them clamped to the ground (altitude 0)`);
  });

  it('a self-intersecting polygon', async () => {
    const bowTie = [
      [15.6, 53],
      [15.602, 53.002],
      [15.602, 53],
      [15.6, 53.002],
      [15.6, 53],
    ];
    const { path, message } = await importError('bow-tie.kml', kmlOf({ '6': [placemark('suburb', square(15.61, 53, 0.002)), placemark('bow tie', bowTie)] }));
    expect(message).toBe(`${path}: placemark "bow tie" (folder "6") crosses itself (at 15.601, 53.001); redraw its outline so that it does not cross`);
  });
});

/** The areas as the importer gives them, from sampled ones plus extra ones. */
function areasOf(list: readonly SampledArea[]): TrainingArea[] {
  return list.map((a, i) => ({ id: String(i + 1), lcz: a.lcz, name: a.name, geometry: { type: 'Polygon', coordinates: [a.ring] } }));
}

async function check(areas: readonly TrainingArea[]): Promise<{ check: AreasCheck; cells: Map<string, number> }> {
  const reader = await SceneReader.open(demo.scene);
  try {
    const prepared = await prepareAreas(areas, reader, settingsFromFile(reader.scene).settings, { resolutionM: 100, marginM: null });
    return { check: prepared.check, cells: new Map(prepared.areas.map((a) => [a.area.id, a.cells.length])) };
  } finally {
    await reader.close();
  }
}

const codes = (c: AreasCheck, severity: 'error' | 'warning') => [...new Set(c.problems.filter((p) => p.severity === severity).map((p) => p.code))].sort();
const problem = (c: AreasCheck, code: AreaProblemCode) => c.problems.find((p) => p.code === code);

describe('the checks before training', () => {
  it('pass areas sampled as a planner draws them, with only warnings', async () => {
    const { check: result } = await check(areasOf(sampled));
    expect(result.canTrain).toBe(true);
    expect(codes(result, 'error')).toEqual([]);
    expect(result.classes.every((c) => c.areas >= 3 && c.cells > 0)).toBe(true);
  });

  it('areas that do not touch the scene, too few per class, too few classes', async () => {
    const far = { id: 'far', lcz: 11, name: 'elsewhere', geometry: { type: 'Polygon' as const, coordinates: [square(15.4, 53.05, 0.002)] } };
    const only = areasOf(sampled.filter((a) => a.lcz === sampled[0]!.lcz).slice(0, 2));
    const { check: result } = await check([...only, far]);
    expect(result.canTrain).toBe(false);
    expect(codes(result, 'error')).toEqual(['outside-scene', 'too-few-areas'].sort());
    expect(problem(result, 'outside-scene')).toMatchObject({ areaIds: ['far'], message: 'LCZ A (Dense trees) area "elsewhere" (far) does not touch the scene', bounds: [15.4, 53.05, 15.4 + 0.002, 53.05 + 0.002] });
    const lonely = await check(only);
    expect(codes(lonely.check, 'error')).toEqual(['too-few-areas', 'too-few-classes']);
  });

  it('an extent over 2 x 2 degrees', async () => {
    const far = { id: 'far', lcz: 14, name: 'far field', geometry: { type: 'Polygon' as const, coordinates: [square(18.2, 53, 0.002)] } };
    const { check: result } = await check([...areasOf(sampled), far]);
    expect(problem(result, 'extent-too-large')?.severity).toBe('error');
    expect(problem(result, 'extent-too-large')?.message).toMatch(/^the areas span 2\.\d\d x 0\.\d\d degrees; the generator maps at most 2 x 2 degrees/);
  });

  it('a very large polygon is replaced by a 300 m buffer around its centroid, and says so', async () => {
    const [w, s, e, n] = [demo.truthMap.geoTransform[0] + 1000, demo.truthMap.geoTransform[3] - 5000, demo.truthMap.geoTransform[0] + 4000, demo.truthMap.geoTransform[3] - 1000];
    const toLonLat = proj4(demo.truthMap.crs.proj4!, 'EPSG:4326');
    const big = [[w, s], [e, s], [e, n], [w, n], [w, s]].map((p) => toLonLat.forward(p) as [number, number]);
    const { check: result, cells } = await check([...areasOf(sampled), { id: 'big', lcz: 14, name: 'huge field', geometry: { type: 'Polygon', coordinates: [big] } }]);
    expect(problem(result, 'large-buffered')).toMatchObject({ severity: 'warning', areaIds: ['big'] });
    expect(problem(result, 'large-buffered')?.message).toMatch(/area "huge field" \(big\) is 1\d\.\d\d km² \(0\.3 km² or more\): as the generator does, a 300 m buffer around its centroid is used instead/);
    // A 300 m circle covers about 28 cells of 100 m, not the polygon's 1,200.
    expect(cells.get('big')).toBeGreaterThanOrEqual(24);
    expect(cells.get('big')).toBeLessThanOrEqual(32);
  });

  it('overlapping polygons of different classes: said, and their shared cells left out of training', async () => {
    const a = sampled.find((x) => x.cells.length >= 4)!;
    const copy = { ...areasOf([a])[0]!, id: 'copy', name: 'same place, other class', lcz: a.lcz === 14 ? 11 : 14 };
    const areas = [...areasOf(sampled), copy];
    const original = String(sampled.indexOf(a) + 1);
    const { check: result, cells } = await check(areas);
    expect(problem(result, 'overlap')).toMatchObject({ severity: 'warning', areaIds: [original, 'copy'] });
    expect(cells.get(original)).toBe(0);
    expect(cells.get('copy')).toBe(0);
  });
});

describe('the command line', () => {
  it('lcz areas check lists every problem and exits 1 when the areas cannot be trained on', () => {
    const kml = writeText(dir, 'few.kml', templateKml(sampled.filter((a) => a.lcz === sampled[0]!.lcz).slice(0, 2)));
    const run = lczCli({ workspace: join(dir, 'ws') })('areas', 'check', '--areas', kml, '--scene', demo.scene, '--json');
    expect(run.status, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as AreasCheck;
    expect(result.canTrain).toBe(false);
    expect(codes(result, 'error')).toEqual(['too-few-areas', 'too-few-classes']);
  });

  it('lcz areas map refuses areas off the scene before any work, naming the file and the area; nothing is written', () => {
    const border: SampledArea = { lcz: 14, name: 'over the border', ring: square(15.4, 53.05, 0.002), cells: [] };
    const kml = writeText(dir, 'off.kml', templateKml([...sampled, border]));
    // Placemarks are numbered in file order, where the template groups them by class.
    const id = [...sampled, border].sort((a, b) => a.lcz - b.lcz).indexOf(border) + 1;
    const out = join(dir, 'off-result');
    const run = lczCli({ workspace: join(dir, 'ws') })('areas', 'map', '--areas', kml, '--scene', demo.scene, '--out', out, '--bootstrap', '2');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${kml}: cannot be trained on: LCZ D (Low plants) area "over the border" (${id}) does not touch the scene`);
    expect(existsSync(out) ? readdirSync(out).filter((f) => !f.startsWith('.')) : []).toEqual([]);
  });
});
