// The CNN classifier of training areas (`lcz areas map --classifier cnn`) on the synthetic demo scene: areas sampled
// from its true map as KML, So2Sat-format patches cut from them into the result folder (read back with h5py), a tiny
// zoo CNN trained on them with the training engine, a short bootstrap said as such, the scene mapped by the mapping
// engine into the usual result folder with the CNN's bundle, and the OA against the truth reported; fine-tuning from
// a training run's bundle; and the refusals: a bundle whose bands the scene lacks, areas giving too few patches.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelBundle } from '../../src/main/onnx/export';
import { initTrainingBackend } from '../../src/main/train/backend';
import { trainRun } from '../../src/main/train/train-run';
import { createModel } from '../../src/main/train/zoo';
import type { AreasAccuracy, ResultSummary } from '../../src/shared/contract';
import { trainParamsSchema } from '../../src/shared/contract/training';
import { lczCli } from '../helpers/lcz-cli';
import { pythonJson, pythonMissing } from '../helpers/python';
import { sampleTrainingAreas, writeTemplateKml } from '../helpers/training-areas';
import { makeDemo, type Demo } from './fixtures';

let demo: Demo;
let dir: string;
let kml: string;
let lcz: ReturnType<typeof lczCli>;

beforeAll(async () => {
  demo = await makeDemo(100);
  dir = mkdtempSync(join(tmpdir(), 'lcz-areas-cnn-'));
  kml = join(dir, 'areas.kml');
  writeTemplateKml(kml, sampleTrainingAreas(demo.truthMap, { perClass: 8 }));
  lcz = lczCli({ workspace: join(dir, 'ws'), timeoutMs: 600_000 });
}, 120_000);
afterAll(() => {
  rmSync(demo.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const quick = ['--classifier', 'cnn', '--epochs', '2', '--bootstrap', '1'];
const read = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('lcz areas map --classifier cnn', () => {
  it('maps the demo scene with a CNN trained on patches cut from the areas, and says so', () => {
    const out = join(dir, 'cnn');
    // The default CNN (a tiny-cnn of width 2, 20 epochs): a few hundred patches need the epochs to learn anything.
    const run = lcz('areas', 'map', '--areas', kml, '--scene', demo.scene, '--out', out, '--classifier', 'cnn', '--bootstrap', '1', '--json');
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { bootstrap: { oa: number[] }; f1: unknown[]; result: string };
    expect(json.bootstrap.oa).toHaveLength(1);
    expect(json.result).toBe(out);

    const summary = read<ResultSummary>(join(out, 'summary.json'));
    const record = read<AreasAccuracy>(join(out, 'training-areas.json'));
    expect(record.classifier).toBe('cnn');
    expect(record.trees).toBeNull();
    expect(record.cnn).toMatchObject({ arch: 'tiny-cnn', width: 2, epochs: 20, fromBundle: null, bundle: join(out, 'cnn-bundle') });
    expect(record.cnn!.note).toMatch(/Bootstrap of 1 CNN training on 70\/30 splits by polygon, not the generator's 25/);
    // The usual result folder, its model the CNN's bundle (kept in the folder, ready for lcz map).
    expect(summary.models).toHaveLength(1);
    expect(summary.models[0]!.dir).toBe(join(out, 'cnn-bundle'));
    expect(summary.models[0]!.bands).toHaveLength(10);
    expect(summary.stats.engine).toMatch(/Tiny CNN|tiny/i);
    expect(summary.stats.predictedCells).toBe(100 * 100);
    expect(existsSync(join(out, 'cnn-bundle', 'model.onnx'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('- Classifier: CNN');
    expect(report).toContain("not the generator's 25");
    // The demo scene names its truth: the CNN's map is scored against it, and must beat a map of its most common
    // class (half the city), which the areas' classes alone could not give.
    const oa = summary.accuracy!.oa;
    const counts = new Array<number>(18).fill(0);
    for (const c of demo.truthMap.classes) counts[c]!++;
    const majority = Math.max(...counts.slice(1)) / counts.slice(1).reduce((a, b) => a + b, 0);
    console.log(`CNN from training areas on the demo scene: OA ${(100 * oa).toFixed(1)} % against the truth (its most common class: ${(100 * majority).toFixed(1)} %); ${record.cnn!.patches} patches; bootstrap OA ${(100 * json.bootstrap.oa[0]!).toFixed(1)} %`);
    expect(oa).toBeGreaterThan(majority + 0.1);
    expect(report).toMatch(/## Accuracy against `synthetic-city-truth.tif`\n\nOA \d+\.\d %/);
  });

  it('cuts the patches in So2Sat format, each labelled by the class of its area', (context) => {
    if (pythonMissing('h5py', 'numpy')) return context.skip();
    const out = join(dir, 'cnn');
    const record = read<AreasAccuracy>(join(out, 'training-areas.json'));
    const h5 = pythonJson<{ sen2: number[]; label: number[]; oneHot: boolean; perClass: number[] }>(
      `
import json, sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], 'r')
label = f['label'][:]
print(json.dumps({'sen2': list(f['sen2'].shape), 'label': list(label.shape), 'oneHot': bool(np.all(label.sum(1) == 1)), 'perClass': [int(x) for x in label.sum(0)]}))
`,
      undefined,
      join(out, 'training-patches.h5'),
    );
    expect(h5.sen2).toEqual([record.cnn!.patches, 32, 32, 10]);
    expect(h5.label).toEqual([record.cnn!.patches, 17]);
    expect(h5.oneHot).toBe(true);
    expect(h5.perClass).toEqual(record.cnn!.classPatches);
    // Every class with areas gives patches, and only those.
    expect(record.cnn!.classPatches.flatMap((n, i) => (n ? [i + 1] : []))).toEqual(record.classes.map((c) => c.lcz));
  });

  it('fine-tunes a bundle of a training run whose bands match', async () => {
    // A real training run (tiny CNN, one epoch) on the patches the first test cut: its bundle has a checkpoint, and
    // So2Sat's published band statistics, not these patches' own.
    await initTrainingBackend();
    const runDir = join(dir, 'run');
    const ctx = { signal: new AbortController().signal, progress: () => undefined, warn: () => undefined };
    await trainRun(runDir, trainParamsSchema.parse({ train: join(dir, 'cnn', 'training-patches.h5'), members: [{ arch: 'tiny-cnn', seed: 3 }], epochs: 1, normalisation: 'published' }), ctx);
    const bundle = join(runDir, 'bundles', '1');
    const out = join(dir, 'tuned');
    const run = lcz('areas', 'map', '--areas', kml, '--scene', demo.scene, '--out', out, '--classifier', 'cnn', '--epochs', '1', '--bootstrap', '0', '--from-bundle', bundle);
    expect(run.status, run.stderr).toBe(0);
    // Its normalisation is the bundle's, which its weights learnt (not the patches' own statistics).
    const tuned = read<{ bands: { id: string; mean: number }[] }>(join(out, 'cnn-bundle', 'manifest.json'));
    const parent = read<{ bands: { id: string; mean: number }[] }>(join(bundle, 'manifest.json'));
    const record = read<AreasAccuracy>(join(out, 'training-areas.json'));
    expect(record.cnn!.fromBundle?.dir).toBe(bundle);
    expect(record.cnn!.arch).toBe('tiny-cnn');
    expect(record.cnn!.width).toBe(1); // the bundle's, not the default from-scratch width
    expect(record.runs).toEqual([]);
    expect(tuned.bands).toEqual(parent.bands);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(`fine-tuned from the bundle`);
  }, 600_000);
});

describe('what the CNN path refuses', () => {
  it('a bundle whose bands the scene does not have, naming the bundle and the bands, before any work', async () => {
    const bundle = join(dir, 'landsat-bundle');
    await initTrainingBackend();
    await writeModelBundle(bundle, createModel('tiny-cnn', { channels: 3, classes: 17, seed: 1 }), {
      name: 'Landsat 8 RGB',
      bands: ['L8.B4', 'L8.B3', 'L8.B2'].map((id) => ({ id, mean: 0.1, std: 0.05 })),
      resolutionM: 10,
      provenance: { method: 'untrained, for a test' },
    });
    const out = join(dir, 'refused-bands');
    const run = lcz('areas', 'map', '--areas', kml, '--scene', demo.scene, '--out', out, ...quick, '--from-bundle', bundle);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${bundle}: reads L8.B4, L8.B3, L8.B2, which the patches cut from ${demo.scene} do not have`);
    // Refused before the scene's features are computed or any patch is cut.
    expect(run.stderr).not.toMatch(/Computing cell features|Cutting patches/);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it('areas that give too few patches, naming the areas file and the counts per class', () => {
    const few = join(dir, 'few.kml');
    // Three one-cell polygons for each of two classes: enough for the forest's checks, not for a CNN.
    writeTemplateKml(few, sampleTrainingAreas(demo.truthMap, { perClass: 3, minSide: 1, maxSide: 1 }).filter((a, _, all) => [...new Set(all.map((x) => x.lcz))].slice(0, 2).includes(a.lcz)));
    const out = join(dir, 'refused-few');
    const run = lcz('areas', 'map', '--areas', few, '--scene', demo.scene, '--out', out, ...quick);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`${few}: gives only 6 usable patches \\(LCZ \\S+ \\([^)]+\\): 3, LCZ \\S+ \\([^)]+\\): 3\\) to train a CNN on; it needs at least 50`));
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

  it('CNN flags without --classifier cnn', () => {
    const run = lcz('areas', 'map', '--areas', kml, '--scene', demo.scene, '--out', join(dir, 'x'), '--epochs', '2');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--epochs is for --classifier cnn');
  });
});
