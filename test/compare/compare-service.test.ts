// What the Compare view reads of a comparison through the core (compare/list, summary, open, probe): the saved
// comparisons, both maps for display and the difference layer on A's display grid, each consistent with the maps as
// read cell by cell; and drawn cell edges where the cells are, so the class under the cursor is the class drawn there.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonView, MapView } from '../../src/shared/contract';
import { CompareService } from '../../src/main/api/compare-service';
import { compareMaps } from '../../src/main/compare/compare-maps';
import { Workspace } from '../../src/main/workspace/workspace';
import { writeResultFixture } from './result-fixture';

const quiet = { signal: new AbortController().signal, progress: () => {} };
const X0 = 250_000;
const R = 6378137;
const toMercator = ([lon, lat]: readonly [number, number]) => [(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))] as const;
const toLonLat = (x: number, y: number) => [(x / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)] as const;
const bytes = (base64: string) => Uint8Array.from(Buffer.from(base64, 'base64'));

/** The lon/lat at (fx, fy) across a display grid (0-1 each way), and the display pixel there. */
function at(view: MapView, fx: number, fy: number): { lon: number; lat: number; pixel: number } {
  const { width, height, corners } = view.display;
  const [x0, y0] = toMercator(corners[0]);
  const [x1] = toMercator(corners[1]);
  const [, y1] = toMercator(corners[3]);
  const [lon, lat] = toLonLat(x0 + fx * (x1 - x0), y0 + fy * (y1 - y0));
  return { lon, lat, pixel: Math.min(height - 1, Math.floor(fy * height)) * width + Math.min(width - 1, Math.floor(fx * width)) };
}

describe('the Compare view\'s requests', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-compare-service-'));
  let service: CompareService;
  let dir: string;
  let shown: ComparisonView;

  beforeAll(async () => {
    const workspace = await Workspace.open(join(temp, 'workspace'));
    service = new CompareService(workspace);
    // B on another grid (80 m, shifted, no cell edge on a cell centre of A): its classes reach A's cells by nearest
    // neighbour. Both 250 km west of their UTM zone's central meridian, where the grids lie turned by about 2° on Web
    // Mercator: display pixels the size of a cell would draw cell edges up to half a cell off.
    await writeResultFixture(join(temp, 'teacher'), { x0: X0, y0: 4650000, cellM: 100, width: 60, height: 50, seed: 1 }, 'teacher');
    await writeResultFixture(join(temp, 'student'), { x0: X0 + 137, y0: 4649913, cellM: 80, width: 70, height: 64, seed: 2 }, 'student');
    dir = join(workspace.root, 'comparisons', 'one');
    await compareMaps({ a: join(temp, 'teacher'), b: join(temp, 'student'), outDir: dir }, quiet);
    mkdirSync(join(workspace.root, 'comparisons', 'cancelled')); // no comparison.json: not listed
    shown = await service.openComparison(dir);
  }, 120_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('lists the complete comparisons of the workspace and reads one\'s comparison.json', async () => {
    const list = await service.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ dir, a: 'teacher', b: 'student', synthetic: true });
    const summary = await service.summary(dir);
    expect(summary).toEqual(JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8')));
    expect(list[0]!.agreement).toBe(summary.agreement);
    await expect(service.openComparison(join(temp, 'workspace', 'comparisons', 'cancelled'))).rejects.toThrow(/cancelled: is not a map comparison \(it has no comparison\.json/);
  });

  it('draws each map finer than its cells, so the class drawn under a point is the class read there', () => {
    for (const [view, side] of [[shown.a, 'a'], [shown.b, 'b']] as const) {
      const classes = bytes(view.display.classesBase64);
      let read = 0;
      let differ = 0;
      for (let k = 0; k < 4000; k++) {
        const p = at(view, ((k * 0.6180339887) % 1) * 0.98 + 0.01, ((k * 0.7548776662) % 1) * 0.98 + 0.01);
        const cell = service.probe(shown.id, p.lon, p.lat)[side];
        if (!cell.inside || cell.value === 0 || classes[p.pixel] === 0) continue;
        read++;
        if (cell.value !== classes[p.pixel]) differ++;
      }
      expect(read).toBeGreaterThan(1500);
      expect(differ / read, `map ${side}: ${differ} of ${read} points drawn in another class than read`).toBeLessThan(0.1);
    }
    expect(shown.a.display.width).toBeGreaterThanOrEqual(4 * 60 - 8);
  });

  it('lays difference.tif on A\'s display grid: agreement where the maps agree, each pair where they differ', () => {
    const codes = bytes(shown.differenceBase64);
    const classes = bytes(shown.a.display.classesBase64);
    expect(codes).toHaveLength(classes.length);
    const pairOf = new Map(shown.comparison.difference.pairs.map((p) => [p.code, p]));
    // A's cell centres in lon/lat: where B was sampled for the cell (nearest neighbour on A's grid).
    const utm = proj4('+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs', 'EPSG:4326');
    let checked = 0;
    const { width, height } = shown.a.display;
    for (let k = 0; k < 3000; k++) {
      // The centre of a display pixel: the point the warp took A's cell at.
      const i = Math.floor(((k * 0.6180339887) % 1) * width);
      const j = Math.floor(((k * 0.7548776662) % 1) * height);
      const p = at(shown.a, (i + 0.5) / width, (j + 0.5) / height);
      const code = codes[p.pixel]!;
      if (code === 0) continue; // no data in A or in B there
      // The display pixel shows one cell of A (one warp for the classes and the codes): its class, and B's at its centre.
      const cell = service.probe(shown.id, p.lon, p.lat).a;
      expect(cell.inside && cell.value).toBe(classes[p.pixel]);
      if (!cell.inside) continue;
      const [lon, lat] = utm.forward([X0 + (cell.col + 0.5) * 100, 4650000 - (cell.row + 0.5) * 100]);
      const b = service.probe(shown.id, lon!, lat!).b;
      if (code === shown.comparison.difference.other?.code) {
        // A pair without a code of its own: one the table does not list.
        expect(shown.comparison.difference.pairs.some((q) => q.a === cell.value && b.inside && q.b === b.value)).toBe(false);
        continue;
      }
      const pair = code === 1 ? { a: cell.value, b: cell.value } : pairOf.get(code)!;
      expect(pair.a, `display pixel ${p.pixel}`).toBe(cell.value);
      expect(b.inside && b.value, `display pixel ${p.pixel}`).toBe(pair.b);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
    // And the counts of the codes over the display follow the cross-tabulation's: agreement is the largest share.
    const agreeing = codes.filter((c) => c === 1).length;
    const coded = codes.filter((c) => c > 0).length;
    expect(agreeing / coded).toBeCloseTo(shown.comparison.agreement, 1);
  });

  it('reads both maps under a point, and nothing outside them', () => {
    const p = at(shown.a, 0.5, 0.5);
    const probe = service.probe(shown.id, p.lon, p.lat);
    expect(probe.a).toMatchObject({ inside: true });
    expect(probe.b).toMatchObject({ inside: true });
    expect(service.probe(shown.id, 0, 0)).toEqual({ a: { inside: false }, b: { inside: false } });
    expect(() => service.probe('gone', 0, 0)).toThrow(/no longer open/);
  });
});
