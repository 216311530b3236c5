/**
 * Makes resources/demo/bundle, the model the embedded demo maps the synthetic city with, until the training engine
 * (issue "Train LCZ teachers") replaces it with a trained CNN. How, reproducibly and in TypeScript only:
 *   1. two synthetic cities (seeds 7 and 8) are rendered as Sentinel-2 scenes with their true LCZ maps;
 *   2. a CNN with fixed, seeded random weights (5 conv 3x3 layers of 32-128 filters, ReLU, 2 max-pools, global
 *      average pool: the size of the reference net in docs/environment.md) turns each cell's 32 x 32 patch into
 *      features, plus the patch's band means;
 *   3. a softmax-regression head is fitted on those features (plain TypeScript, Adam);
 *   4. the convolutions and the head are written as one ONNX model; accuracy is measured on a third city (seed 11).
 * Run: npx tsx scripts/make-demo-bundle.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { SO2SAT_S2_BANDS } from '../src/shared/bands';
import { ALL_LCZ_VALUES, BUNDLE_SCHEMA_VERSION, type BundleManifest } from '../src/shared/bundle-manifest';
import { writeBundle } from '../src/main/bundles/bundle-io';
import { cellPatchBatches } from '../src/main/mapping/cell-patches';
import { outputGrid } from '../src/main/mapping/output-grid';
import { addToConfusion, emptyConfusion, metricsFromConfusion } from '../src/main/metrics/classification';
import type { ClassifierLayer } from '../src/main/onnx/classifier-layers';
import { buildConvClassifier } from '../src/main/onnx/conv-classifier';
import { gaussian, heNormal } from '../src/main/onnx/random-classifier';
import { appVersion } from '../src/main/paths';
import { readLczMap } from '../src/main/raster/read-lcz-map';
import { SceneReader } from '../src/main/scenes/scene-reader';
import { writeDemoScene } from '../src/main/synthetic/demo-scene';
import { mulberry32 } from '../src/main/synthetic/noise';
import { fitSoftmaxRegression, foldStandardisation } from '../src/main/train/softmax-regression';

const root = resolve(import.meta.dirname, '..');
const OUT = join(root, 'resources', 'demo', 'bundle');
const TRAIN_SEEDS = [7, 8];
const VALIDATION_SEED = 11;
const CITY_CELLS = 120;
const FEATURE_SEED = 2026;
const WIDTHS = [32, 32, 64, 64, 128];
const PATCH = 32;
const SCALE = 1e-4;

/** Conv 3x3 + ReLU per width, a 2 x 2 max pool after the 2nd and 4th, then global average pooling. */
function featureLayers(): ClassifierLayer[] {
  const normal = gaussian(mulberry32(FEATURE_SEED));
  const layers: ClassifierLayer[] = [];
  let channels: number = SO2SAT_S2_BANDS.length;
  WIDTHS.forEach((width, i) => {
    const fanIn = channels * 9;
    layers.push({ kind: 'conv2d', weights: heNormal(width * fanIn, fanIn, normal), bias: new Float32Array(width), kernel: 3, padding: 'same' }, { kind: 'relu' });
    if (i === 1 || i === 3) layers.push({ kind: 'maxpool', k: 2 });
    channels = width;
  });
  layers.push({ kind: 'globalAvgPool' });
  return layers;
}

const FEATURES = WIDTHS.at(-1)! + SO2SAT_S2_BANDS.length;

/** Per-band mean and std of reflectance over the valid pixels of the training scenes. */
async function bandStatistics(scenes: string[]): Promise<{ mean: number[]; std: number[] }> {
  const k = SO2SAT_S2_BANDS.length;
  const sum = new Float64Array(k);
  const sq = new Float64Array(k);
  let n = 0;
  for (const path of scenes) {
    const reader = await SceneReader.open(path);
    const bands = Array.from({ length: k }, (_, i) => i);
    for (let y = 0; y < reader.scene.height; y += 256) {
      const win = await reader.read(y, y + 256, bands);
      const first = win.bands[0]!;
      for (let i = 0; i < first.length; i++) {
        if (first[i] === 0) continue; // nodata
        n++;
        for (let b = 0; b < k; b++) {
          const v = win.bands[b]![i]! * SCALE;
          sum[b]! += v;
          sq[b]! += v * v;
        }
      }
    }
    await reader.close();
  }
  const mean = Array.from(sum, (s) => s / n);
  return { mean, std: Array.from(sq, (s, b) => Math.sqrt(s / n - mean[b]! ** 2)) };
}

/** Features of every cell of a scene (a random-feature CNN with an identity head) and the cells' true classes. */
async function cellFeatures(scenePath: string, truthPath: string, manifest: BundleManifest, session: InferenceSession): Promise<{ x: Float32Array; y: Uint8Array }> {
  const reader = await SceneReader.open(scenePath);
  const truth = await readLczMap(truthPath);
  const grid = outputGrid(reader.scene, 100);
  const bands = manifest.bands.map((_, i) => i);
  const format = {
    size: PATCH,
    layout: 'NCHW' as const,
    sources: bands,
    gain: Float32Array.from(manifest.bands, (b) => SCALE / b.std),
    bias: Float32Array.from(manifest.bands, (b) => -b.mean / b.std),
    footprint: 10,
  };
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  for await (const batch of cellPatchBatches(reader, grid, format, { size: PATCH, resolutionM: 10 }, bands, 256)) {
    const out = await session.run({ patches: new Tensor('float32', batch.patches, [batch.n, bands.length, PATCH, PATCH]) });
    const features = out.features!.data as Float32Array;
    for (let i = 0; i < batch.n; i++) {
      const label = truth.classes[batch.cells[i]!]!;
      if (label === 0) continue;
      xs.push(features.slice(i * FEATURES, (i + 1) * FEATURES));
      ys.push(label - 1);
    }
  }
  await reader.close();
  const x = new Float32Array(xs.length * FEATURES);
  xs.forEach((row, i) => x.set(row, i * FEATURES));
  return { x, y: Uint8Array.from(ys) };
}

function predict(head: { weights: Float32Array; bias: Float32Array }, x: Float32Array, n: number): Uint8Array {
  const k = ALL_LCZ_VALUES.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = head.bias[c]!;
      for (let j = 0; j < FEATURES; j++) s += x[i * FEATURES + j]! * head.weights[j * k + c]!;
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    out[i] = best + 1;
  }
  return out;
}

const temp = mkdtempSync(join(tmpdir(), 'lcz-demo-bundle-'));
try {
  const cities = await Promise.all(
    [...TRAIN_SEEDS, VALIDATION_SEED].map((seed) => writeDemoScene(join(temp, `city-${seed}`), { seed, size: CITY_CELLS })),
  );
  const training = cities.slice(0, TRAIN_SEEDS.length);
  const validation = cities.at(-1)!;
  const stats = await bandStatistics(training.map((c) => c.scenePath));
  console.log('band means', stats.mean.map((v) => v.toFixed(4)).join(' '));

  const layers = featureLayers();
  const identity = new Float32Array(FEATURES * FEATURES);
  for (let i = 0; i < FEATURES; i++) identity[i * FEATURES + i] = 1;
  const extractor = buildConvClassifier({
    channels: SO2SAT_S2_BANDS.length,
    patchSize: PATCH,
    layout: 'NCHW',
    layers: [...layers, { kind: 'dense', weights: identity, weightsOrder: 'in-out', units: FEATURES }],
    appendInputMeans: true,
    outputName: 'features',
  });
  const session = await InferenceSession.create(extractor.bytes, { intraOpNumThreads: 2, interOpNumThreads: 1 });
  const manifest: BundleManifest = {
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    name: 'Demo CNN (random features + fitted head, synthetic city)',
    description:
      'Made for the synthetic demo city only: it has never seen a real scene. Fixed random convolutions and a softmax-regression head fitted on two synthetic cities. A stand-in until LCZ Studio trains real CNNs.',
    model: 'model.onnx',
    input: { name: 'patches', layout: 'NCHW', patchSize: PATCH, resolutionM: 10, fixedBatch: null },
    output: { name: 'logits', kind: 'logits' },
    bands: SO2SAT_S2_BANDS.map((id, i) => ({ id, mean: stats.mean[i]!, std: stats.std[i]! })),
    classes: [...ALL_LCZ_VALUES],
    temperature: 1,
    provenance: {
      createdAt: new Date().toISOString(),
      createdBy: `LCZ Studio ${appVersion()}`,
      method: `Random-feature CNN: fixed He-normal 3x3 convolutions (${WIDTHS.join(', ')} filters, ReLU, 2 max-pools, global average pool, seed ${FEATURE_SEED}) plus band means, with a softmax-regression head fitted on synthetic cities (seeds ${TRAIN_SEEDS.join(', ')}, ${CITY_CELLS} x ${CITY_CELLS} cells)`,
      reproduce: 'npx tsx scripts/make-demo-bundle.ts',
      source: 'synthetic Sentinel-2 scenes from src/main/synthetic (not real data)',
      seed: FEATURE_SEED,
    },
    metrics: {},
  };

  const parts = [];
  for (const c of training) parts.push(await cellFeatures(c.scenePath, c.truthPath, manifest, session));
  const n = parts.reduce((a, p) => a + p.y.length, 0);
  const x = new Float32Array(n * FEATURES);
  const y = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    x.set(p.x, at * FEATURES);
    y.set(p.y, at);
    at += p.y.length;
  }
  const counts = new Float32Array(ALL_LCZ_VALUES.length);
  for (const label of y) counts[label]!++;
  // Rare classes (compact high-rise, water...) count more, by the square root of their rarity.
  const classWeights = Float32Array.from(counts, (c) => (c > 0 ? Math.sqrt(n / ALL_LCZ_VALUES.length / c) : 0));
  const head = fitSoftmaxRegression(x, y, ALL_LCZ_VALUES.length, {
    epochs: 80,
    batch: 256,
    learningRate: 0.005,
    l2: 1e-4,
    seed: FEATURE_SEED,
    classWeights,
    onEpoch: (e, loss) => e % 10 === 9 && console.log(`epoch ${e + 1}: loss ${loss.toFixed(4)}`),
  });
  const folded = foldStandardisation(head);

  const held = await cellFeatures(validation.scenePath, validation.truthPath, manifest, session);
  const confusion = emptyConfusion();
  addToConfusion(confusion, Array.from(held.y, (v) => v + 1), predict(folded, held.x, held.y.length));
  const m = metricsFromConfusion(confusion);
  console.log(`validation city (seed ${VALIDATION_SEED}): OA ${(100 * m.oa).toFixed(1)} %, kappa ${m.kappa.toFixed(3)}, mean F1 ${m.macroF1?.toFixed(3)}`);
  await session.release();

  const model = buildConvClassifier({
    channels: SO2SAT_S2_BANDS.length,
    patchSize: PATCH,
    layout: 'NCHW',
    layers: [...layers, { kind: 'dense', weights: folded.weights, weightsOrder: 'in-out', bias: folded.bias, units: ALL_LCZ_VALUES.length }],
    appendInputMeans: true,
    docString: 'LCZ Studio demo bundle: random-feature CNN with a fitted softmax-regression head (synthetic data only).',
  });
  manifest.metrics = { syntheticValidationOA: m.oa, syntheticValidationKappa: m.kappa, syntheticValidationMacroF1: m.macroF1 ?? 0 };
  await writeBundle(OUT, manifest, model.bytes);
  console.log(`wrote ${OUT}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
