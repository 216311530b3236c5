/**
 * Benchmark of the training-areas workflow (`npm run bench -- areas [--size 150] [--samplings 3]`), on the synthetic
 * demo scene (size 150: 1500 x 1500 pixels) with training areas sampled from its true map as a planner draws them:
 *
 * 1. the whole areas-map run (cell features, a 25-run bootstrap, the final forest, the map, the result folder), timed
 *    end to end (target: under a minute);
 * 2. the random forest against scikit-learn (/usr/bin/python3, n_jobs=1) on the same features, the same polygon
 *    splits, the same trees (30) and depth (unlimited): training + prediction time ratio (target: LCZ Studio at least
 *    0.5 x scikit-learn's speed) and the difference of the mean bootstrap OA (target: within 1 point), over several
 *    samplings of the areas, and on a large table (every cell of the west half of the map to train, the east to test);
 * 3. ml-random-forest, the library first planned, on a small table, to show why it is not used.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { mapFromAreas } from '../../src/main/areas/areas-map';
import { bootstrap, gatherRows } from '../../src/main/areas/bootstrap';
import { importAreas } from '../../src/main/areas/import-areas';
import { prepareAreas } from '../../src/main/areas/prepare-areas';
import { RandomForest } from '../../src/main/areas/random-forest';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import { settingsFromFile } from '../../src/main/scenes/scene-settings';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import type { AreasAccuracy } from '../../src/shared/contract/areas';
import { sklearnBootstrap } from '../../test/helpers/forest-reference';
import { sampleTrainingAreas, writeTemplateKml } from '../../test/helpers/training-areas';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const size = Number(option('size', '150'));
const samplings = Number(option('samplings', '3'));
const TREES = 30;
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

const dir = mkdtempSync(join(tmpdir(), 'lcz-bench-areas-'));
try {
  console.log(`CPU: ${cpus()[0]?.model ?? '?'} (${cpus().length} cores); scikit-learn ${execFileSync('/usr/bin/python3', ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' }).trim()}`);
  const { scenePath, truthPath } = await writeDemoScene(join(dir, 'demo'), { size });
  const truth = await readLczMap(truthPath);
  const reader = await SceneReader.open(scenePath);
  const settings = settingsFromFile(reader.scene).settings;

  // 1. The whole run, as the job runs it.
  const kml = join(dir, 'areas.kml');
  writeTemplateKml(kml, sampleTrainingAreas(truth, { perClass: 5, seed: 1 }));
  const started = performance.now();
  await mapFromAreas(
    { areas: kml, scene: scenePath, settings, classifier: 'rf', trees: TREES, bootstrap: 25, maxDepth: null, seed: 1, resolutionM: 100, extent: 'scene', truth: truthPath },
    join(dir, 'result'),
    { signal: new AbortController().signal, progress: () => undefined },
  );
  const seconds = (performance.now() - started) / 1000;
  const record = JSON.parse(readFileSync(join(dir, 'result', 'training-areas.json'), 'utf8')) as AreasAccuracy;
  const summary = JSON.parse(readFileSync(join(dir, 'result', 'summary.json'), 'utf8')) as { accuracy: { oa: number } };
  console.log(`\n1. areas map, ${size * 10} x ${size * 10} px scene, ${record.trainingCells} training cells, 25 bootstrap runs + final map: ${seconds.toFixed(1)} s (target < 60 s)`);
  console.log(`   features ${record.seconds.features.toFixed(1)} s, bootstrap ${record.seconds.bootstrap.toFixed(1)} s, final model + map + filter ${record.seconds.map.toFixed(1)} s; OA against the truth ${pct(summary.accuracy.oa)}`);

  // 2. Against scikit-learn on the same features and splits.
  console.log(`\n2. random forest (${TREES} trees, unlimited depth) against scikit-learn, same features and polygon splits:`);
  const gaps: number[] = [];
  let oursTime = 0;
  let skTime = 0;
  for (let s = 1; s <= samplings; s++) {
    const path = join(dir, `areas-${s}.kml`);
    writeTemplateKml(path, sampleTrainingAreas(truth, { perClass: 8, seed: s }));
    const prepared = await prepareAreas((await importAreas(path)).areas, reader, settings, { resolutionM: 100, marginM: null });
    const t = performance.now();
    const ours = bootstrap(prepared.features.table, prepared.areas, { runs: 25, forest: { trees: TREES, seed: s }, seed: s });
    const oursSeconds = (performance.now() - t) / 1000;
    const sk = sklearnBootstrap(prepared.features.table, prepared.areas, ours.splits, { trees: TREES, maxDepth: null });
    const skSeconds = sk.fitSeconds + sk.predictSeconds;
    const [a, b] = [mean(ours.runs.map((r) => r.oa)), mean(sk.oa)];
    gaps.push(a - b);
    oursTime += oursSeconds;
    skTime += skSeconds;
    const cells = prepared.areas.reduce((n, x) => n + x.cells.length, 0);
    console.log(`   sampling ${s}: ${prepared.areas.length} areas, ${cells} cells; 25 runs in ${oursSeconds.toFixed(2)} s vs ${skSeconds.toFixed(2)} s (speed ${(skSeconds / oursSeconds).toFixed(2)} x scikit-learn); bootstrap OA ${pct(a)} vs ${pct(b)}`);
  }
  console.log(`   overall: speed ${(skTime / oursTime).toFixed(2)} x scikit-learn (target >= 0.5); mean OA difference ${(100 * mean(gaps)).toFixed(2)} points (target within 1)`);

  // The large table: every valid cell, labelled by the truth; the west half trains, the east half tests.
  const { features } = await prepareAreas((await importAreas(kml)).areas, reader, settings, { resolutionM: 100, marginM: null });
  const west: number[] = [];
  const east: number[] = [];
  for (let cell = 0; cell < truth.classes.length; cell++) if (features.valid[cell] && truth.classes[cell]) ((cell % truth.width) < truth.width / 2 ? west : east).push(cell);
  const t0 = performance.now();
  const forest = RandomForest.train(gatherRows(features.table, west), west.map((c) => truth.classes[c]!), { trees: TREES, seed: 1 });
  const fit = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const predicted = forest.predict(gatherRows(features.table, east));
  const predict = (performance.now() - t1) / 1000;
  const oa = east.filter((c, i) => predicted[i] === truth.classes[c]).length / east.length;
  const big = sklearnLarge(features.table.columns, gatherRows(features.table, west).values, Uint8Array.from(west, (c) => truth.classes[c]!), gatherRows(features.table, east).values, Uint8Array.from(east, (c) => truth.classes[c]!));
  console.log(`   large table (${west.length} cells train, ${east.length} test, ${features.table.columns} features): fit ${fit.toFixed(2)} s vs ${big.fit.toFixed(2)} s, predict ${predict.toFixed(2)} s vs ${big.predict.toFixed(2)} s (speed ${((big.fit + big.predict) / (fit + predict)).toFixed(2)} x); OA ${pct(oa)} vs ${pct(big.oa)}`);

  // 3. ml-random-forest on a small table.
  const small = west.slice(0, 400);
  const rows = Array.from(small, (c) => Array.from(features.table.values.subarray(c * features.table.columns, (c + 1) * features.table.columns)));
  const t2 = performance.now();
  new RandomForestClassifier({ nEstimators: TREES, maxFeatures: Math.floor(Math.sqrt(features.table.columns)), replacement: false, useSampleBagging: true, noOOB: true, seed: 1, treeOptions: {} }).train(rows, small.map((c) => truth.classes[c]!));
  const ml = (performance.now() - t2) / 1000;
  const t3 = performance.now();
  RandomForest.train(gatherRows(features.table, small), small.map((c) => truth.classes[c]!), { trees: TREES, seed: 1 });
  console.log(`\n3. ml-random-forest, ${TREES} trees on 400 cells: ${ml.toFixed(2)} s to train (LCZ Studio's forest: ${((performance.now() - t3) / 1000).toFixed(3)} s); its CART scores each threshold by counting classes with indexOf, quadratic in the node size`);
  await reader.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function sklearnLarge(columns: number, xTrain: Float32Array, yTrain: Uint8Array, xTest: Float32Array, yTest: Uint8Array): { fit: number; predict: number; oa: number } {
  const d = mkdtempSync(join(tmpdir(), 'lcz-bench-sk-'));
  try {
    writeFileSync(join(d, 'xa'), new Uint8Array(xTrain.buffer, xTrain.byteOffset, xTrain.byteLength));
    writeFileSync(join(d, 'ya'), yTrain);
    writeFileSync(join(d, 'xb'), new Uint8Array(xTest.buffer, xTest.byteOffset, xTest.byteLength));
    writeFileSync(join(d, 'yb'), yTest);
    const script = `
import sys, json, time, numpy as np
from sklearn.ensemble import RandomForestClassifier
d, F = sys.argv[1], int(sys.argv[2])
xa = np.fromfile(d + "/xa", dtype=np.float32).reshape(-1, F); ya = np.fromfile(d + "/ya", dtype=np.uint8)
xb = np.fromfile(d + "/xb", dtype=np.float32).reshape(-1, F); yb = np.fromfile(d + "/yb", dtype=np.uint8)
f = RandomForestClassifier(n_estimators=${TREES}, n_jobs=1, random_state=0)
t = time.perf_counter(); f.fit(xa, ya); fit = time.perf_counter() - t
t = time.perf_counter(); p = f.predict(xb); predict = time.perf_counter() - t
print(json.dumps({"fit": fit, "predict": predict, "oa": float((p == yb).mean())}))`;
    return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, d, String(columns)], { encoding: 'utf8' })) as { fit: number; predict: number; oa: number };
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}
