// The WUDAPT workflow on the synthetic demo scene: training areas sampled from its true map as a planner would draw
// them (KML in the template), `lcz areas map` end to end, the map's OA against the truth, and the random forest's
// bootstrap OA against scikit-learn's on the same features and the same polygon splits.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/main/areas/bootstrap';
import { importAreas } from '../../src/main/areas/import-areas';
import { prepareAreas, type PreparedAreas } from '../../src/main/areas/prepare-areas';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import { settingsFromFile } from '../../src/main/scenes/scene-settings';
import type { ResultSummary } from '../../src/shared/contract';
import { sklearnBootstrap } from '../helpers/forest-reference';
import { gdal, gdalMissing } from '../helpers/gdal';
import { lczCli } from '../helpers/lcz-cli';
import { pythonMissing } from '../helpers/python';
import { sampleTrainingAreas, writeTemplateKml } from '../helpers/training-areas';
import { makeDemo, type Demo } from './fixtures';

let demo: Demo;
let dir: string;
let kml: string;

beforeAll(async () => {
  demo = await makeDemo(150); // 1500 x 1500 pixels, the benchmark's scene
  dir = mkdtempSync(join(tmpdir(), 'lcz-areas-demo-'));
  kml = join(dir, 'areas.kml');
  writeTemplateKml(kml, sampleTrainingAreas(demo.truthMap, { perClass: 5 }));
}, 120_000);
afterAll(() => {
  rmSync(demo.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('lcz areas map on the synthetic demo scene', () => {
  it('maps the scene from the areas: bootstrap figures, a result folder, OA against the truth', () => {
    const out = join(dir, 'result');
    const run = lczCli({ workspace: join(dir, 'ws'), timeoutMs: 300_000 })('areas', 'map', '--areas', kml, '--scene', demo.scene, '--out', out, '--json');
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { bootstrap: Record<'oa' | 'oaU' | 'oaBU' | 'oaW', (number | null)[]>; f1: (number | null)[]; suspicious: unknown[]; result: string };
    expect(Object.keys(json)).toEqual(['bootstrap', 'f1', 'suspicious', 'result']);
    for (const key of ['oa', 'oaU', 'oaBU', 'oaW'] as const) expect(json.bootstrap[key]).toHaveLength(25);
    expect(json.f1).toHaveLength(17);
    expect(json.result).toBe(out);
    const bootOa = mean(json.bootstrap.oa as number[]);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ResultSummary;
    // The demo scene names its truth: the map's accuracy against it is in the summary (and the report).
    expect(summary.accuracy?.truthPath).toBe(demo.truth);
    const oa = summary.accuracy!.oa;
    console.log(`areas map on the demo scene: OA ${(100 * oa).toFixed(1)} % against the truth; bootstrap OA ${(100 * bootOa).toFixed(1)} % (25 runs)`);
    expect(oa).toBeGreaterThan(0.75);
    expect(bootOa).toBeGreaterThan(0.75);
    expect(summary.stats.predictedCells).toBe(150 * 150);
    expect(summary.stats.filterChangedCells).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/## Bootstrap accuracy \(25 runs, 70\/30 split by polygon\)[\s\S]*\| OA \| \d+\.\d ± \d+\.\d % \|/);
    if (!gdalMissing) {
      // The products GIS users open: the filtered and the raw map, paletted Byte COGs on the scene's grid.
      for (const name of ['lcz.tif', 'lcz-raw.tif']) {
        const info = gdal('gdalinfo', join(out, name));
        expect(info).toMatch(/Size is 150, 150/);
        expect(info).toContain('Color Table');
        expect(info).toContain('LAYOUT=COG');
      }
    }
  });

  it("the forest's bootstrap OA is within 3 points of scikit-learn's on the same features and splits", async (context) => {
    if (pythonMissing('sklearn', 'numpy')) return context.skip();
    const reader = await SceneReader.open(demo.scene);
    let prepared: PreparedAreas;
    try {
      prepared = await prepareAreas((await importAreas(kml)).areas, reader, settingsFromFile(reader.scene).settings, { resolutionM: 100, marginM: null });
    } finally {
      await reader.close();
    }
    const forest = { trees: 30, maxDepth: null };
    const ours = bootstrap(prepared.features.table, prepared.areas, { runs: 25, forest: { ...forest, seed: 1 }, seed: 1 });
    const reference = sklearnBootstrap(prepared.features.table, prepared.areas, ours.splits, forest);
    const [a, b] = [mean(ours.runs.map((r) => r.oa)), mean(reference.oa)];
    console.log(`bootstrap OA over the same 25 splits: LCZ Studio ${(100 * a).toFixed(1)} %, scikit-learn ${(100 * b).toFixed(1)} %`);
    expect(Math.abs(a - b)).toBeLessThan(0.03);
  });
});
