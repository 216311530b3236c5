/**
 * Benchmark of int8 quantization (`npm run bench -- int8 [--patches 2000] [--rounds 6] [--zoo resnet18] [--width 1]`).
 * For the demo bundle and a bigger model of the zoo (exported untrained: its accuracy means nothing, its speed
 * does), both quantized by minmax calibration on 256 patches of a synthetic So2Sat file, it reports:
 * - accuracy on another synthetic So2Sat file (other cities): OA of the float and the int8 model, the drop in
 *   points (target: at most 1), and how often their top-1 classes agree;
 * - speed in ONNX Runtime as mapping runs it (ClassifierSession, this machine's threads): patches/s of both on the
 *   same batches of 256, in rounds where the two models take turns batch by batch (float first, then int8 first, ...)
 *   so that the drift of a shared machine hits both alike; the ratio is the median of the per-round ratios (target:
 *   int8 at least 1.5 x float).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readBundle, type Bundle } from '../../src/main/bundles/bundle-io';
import { bundleInput, bundleNormalisation, sen2Indices } from '../../src/main/evaluation/evaluate-bundles';
import { ClassifierSession, ONNXRUNTIME_VERSION, threadsForMachine } from '../../src/main/onnx/classifier-session';
import { writeModelBundle } from '../../src/main/onnx/export';
import { inspectModelFile } from '../../src/main/onnx/inspect-model';
import { leftInFloatText, quantizeBundle } from '../../src/main/onnx/quantize/quantize-bundle';
import { demoBundlePath } from '../../src/main/paths';
import { So2SatFile } from '../../src/main/so2sat/so2sat-file';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { rowArgmax } from '../../src/main/train/member-input';
import { createModel, type ArchId } from '../../src/main/train/zoo';
import { PUBLISHED_SEN2 } from '../../src/main/so2sat/normalise';
import { SO2SAT_S2_BANDS } from '../../src/shared/bands';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const PATCHES = Number(option('patches', '2000'));
const ROUNDS = Number(option('rounds', '6'));
const ZOO = option('zoo', 'resnet18');
const WIDTH = Number(option('width', '1'));
const BATCH = 256;
const ctx = { signal: new AbortController().signal, progress: () => {}, warn: (m: string) => console.log(`  (${m})`) };

interface TestSet {
  batches: Float32Array[];
  counts: number[];
  labels: Uint8Array;
}

/** The test file's patches as the bundle reads them, in batches of 256, kept in memory so every timing uses them. */
async function testSet(bundle: Bundle, path: string): Promise<TestSet> {
  const bands = sen2Indices(bundle);
  const file = await So2SatFile.open(path);
  const set: TestSet = { batches: [], counts: [], labels: new Uint8Array(file.patches) };
  try {
    const order = Uint32Array.from({ length: file.patches }, (_, i) => i);
    let at = 0;
    for await (const batch of file.batches(order, BATCH, { sen2Normalisation: bundleNormalisation(bundle.manifest, bands), labels: 'hard' })) {
      set.batches.push(bundleInput(batch, bundle.manifest, bands));
      set.counts.push(batch.n);
      set.labels.set(rowArgmax(batch.labels, 17), at);
      at += batch.n;
    }
  } finally {
    await file.close();
  }
  return set;
}

/** Class probabilities of every test patch, n x K. */
async function predictAll(session: ClassifierSession, set: TestSet): Promise<Float32Array> {
  const out = new Float32Array(set.labels.length * session.classes);
  let at = 0;
  for (const [k, batch] of set.batches.entries()) {
    out.set(await session.run(batch, set.counts[k]!), at * session.classes);
    at += set.counts[k]!;
  }
  return out;
}

/**
 * patches/s of both sessions over the first `batches` full batches, interleaved batch by batch (which goes first
 * alternates), so that the load of a shared machine falls on both alike.
 */
async function interleaved(sessions: readonly ClassifierSession[], set: TestSet, batches: number, round: number): Promise<number[]> {
  const seconds = sessions.map(() => 0);
  for (let k = 0; k < batches; k++) {
    const order = (round + k) % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const started = performance.now();
      await sessions[i]!.run(set.batches[k]!, BATCH);
      seconds[i]! += (performance.now() - started) / 1000;
    }
  }
  return seconds.map((s) => (batches * BATCH) / s);
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const share = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + (v === b[i] ? 1 : 0), 0) / a.length;

/** A zoo architecture exported untrained (seeded weights) as a bundle of So2Sat's 10 bands. */
async function zooBundle(arch: ArchId, dir: string): Promise<string> {
  await tf.setBackend('cpu');
  const model = createModel(arch, { channels: 10, classes: 17, seed: 1, width: WIDTH });
  const bands = SO2SAT_S2_BANDS.map((id, i) => ({ id, mean: PUBLISHED_SEN2.mean[i]!, std: PUBLISHED_SEN2.std[i]! }));
  const bundle = await writeModelBundle(dir, model, { name: `${arch} width ${WIDTH} (untrained)`, bands, resolutionM: 10, provenance: { method: 'untrained: seeded initial weights (benchmark)' } });
  model.dispose();
  return bundle.dir;
}

const temp = mkdtempSync(join(tmpdir(), 'lcz-bench-int8-'));
const rows: string[] = [];
try {
  console.log(`int8 benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), onnxruntime-node ${ONNXRUNTIME_VERSION}, ${threadsForMachine()} threads, batches of ${BATCH}`);
  const calibration = join(temp, 'calibration.h5');
  const test = join(temp, 'test.h5');
  let started = performance.now();
  await writeSyntheticSo2Sat(calibration, { patches: 600, seed: 11 });
  await writeSyntheticSo2Sat(test, { patches: PATCHES, seed: 12 });
  console.log(`synthetic So2Sat files written in ${((performance.now() - started) / 1000).toFixed(0)} s (calibration: 600 patches, test: ${PATCHES} patches of other cities)`);

  const models: { label: string; dir: string; trained: boolean; roundBatches: number }[] = [{ label: 'demo bundle (Sen2LCZ-Net 0.5x, trained)', dir: demoBundlePath(), trained: true, roundBatches: 8 }];
  if (ZOO) models.push({ label: `${ZOO} ${WIDTH}x (untrained)`, dir: await zooBundle(ZOO as ArchId, join(temp, ZOO)), trained: false, roundBatches: 2 });

  for (const m of models) {
    console.log(`\n${m.label}`);
    started = performance.now();
    const result = await quantizeBundle({ bundle: m.dir, calibration, out: join(temp, `${m.label.split(' ')[0]}-int8`) }, ctx);
    const params = (await inspectModelFile(join(m.dir, 'model.onnx'))).parameterCount;
    console.log(`  quantized in ${((performance.now() - started) / 1000).toFixed(1)} s: ${params.toLocaleString('en-US')} parameters, ${result.convolutions.int8} convolutions fused into QLinearConv, ${result.convolutions.float} left in float; left in float: ${leftInFloatText(result.leftInFloat) ?? 'nothing'}`);
    const float = await readBundle(m.dir);
    const set = await testSet(float, test);
    const sessions = [await ClassifierSession.open(float, { threads: threadsForMachine() }), await ClassifierSession.open(result.bundle, { threads: threadsForMachine() })] as const;
    try {
      const [probFloat, probInt8] = [await predictAll(sessions[0], set), await predictAll(sessions[1], set)];
      const [pf, pi] = [rowArgmax(probFloat, sessions[0].classes), rowArgmax(probInt8, sessions[1].classes)];
      const [oaFloat, oaInt8] = [share(pf, set.labels), share(pi, set.labels)];
      const agreement = share(pf, pi);
      const drop = 100 * (oaFloat - oaInt8);
      const meanDiff = probFloat.reduce((sum, p, i) => sum + Math.abs(p - probInt8[i]!), 0) / set.labels.length / 2;
      console.log(`  OA on ${set.labels.length} test patches: float ${(100 * oaFloat).toFixed(2)} %, int8 ${(100 * oaInt8).toFixed(2)} % (drop ${drop.toFixed(2)} points${m.trained ? '' : '; untrained: the OA means nothing'})`);
      console.log(`  int8 against float: top-1 agreement ${(100 * agreement).toFixed(1)} % (${new Set(pf).size} classes predicted by the float model), mean total-variation distance of the class probabilities ${meanDiff.toFixed(4)}`);

      const batches = Math.min(m.roundBatches, set.counts.filter((n) => n === BATCH).length);
      await interleaved(sessions, set, 1, 0); // warm-up
      const speeds: [number[], number[]] = [[], []];
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const [float, int8] = (await interleaved(sessions, set, batches, round)) as [number, number];
        speeds[0].push(float);
        speeds[1].push(int8);
        ratios.push(int8 / float);
      }
      const list = (v: number[]) => v.map((x) => x.toFixed(0)).join(', ');
      const ratio = median(ratios);
      console.log(`  rounds of ${batches * BATCH} patches: float ${list(speeds[0])} patches/s; int8 ${list(speeds[1])} patches/s`);
      console.log(`  int8 / float: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${ratio.toFixed(2)} (target >= 1.5)`);
      const target = `${ratio >= 1.5 ? 'ok' : 'MISSED'} / ${!m.trained ? 'n/a' : drop <= 1 ? 'ok' : 'MISSED'}`;
      rows.push(`| ${m.label} | ${params.toLocaleString('en-US')} | ${median(speeds[0]).toFixed(0)} | ${median(speeds[1]).toFixed(0)} | ${ratio.toFixed(2)} | ${(100 * oaFloat).toFixed(2)} | ${(100 * oaInt8).toFixed(2)} | ${drop.toFixed(2)} | ${(100 * agreement).toFixed(1)} % | ${target} |`);
    } finally {
      for (const s of sessions) await s.dispose();
    }
  }
  console.log('\n| model | parameters | float patches/s | int8 patches/s | ratio (median of rounds) | float OA % | int8 OA % | drop (points) | top-1 agreement | ratio >= 1.5 / drop <= 1 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) console.log(row);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
