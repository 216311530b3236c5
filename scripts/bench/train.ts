/**
 * Benchmark of the TensorFlow.js training engine (`npm run bench -- train [--threads 2] [--steps 10]
 * [--rounds 5] [--cpu] [--no-torch]`): samples/s of training the reference net
 * (src/main/train/backend/reference-net.ts, batch 64, Adam) and of inference, on our wasm backend, on tfjs-node
 * when it is installed and works, and with --cpu on the cpu backend (one step, minutes); and in the same run PyTorch's on
 * the same net (scripts/bench/reference_net.py, /usr/bin/python3 with torch), in alternating rounds so that other
 * load on the machine hits both alike. The machines are shared: other work slows any round, never speeds it, so
 * the best round of each engine is the headline (its ratio: target >= 0.5 of PyTorch's training speed); the
 * medians and each round's ratio show the noise.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initTrainingBackend, type TrainingBackendName } from '../../src/main/train/backend/init-backend';
import { buildReferenceNet, REFERENCE_NET } from '../../src/main/train/backend/reference-net';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const threads = Number(option('threads', '2'));
const steps = Number(option('steps', '10'));
const rounds = Number(option('rounds', '5'));
const PYTHON = '/usr/bin/python3';
const BATCH = REFERENCE_NET.batch;

interface Speed { train: number; infer: number }

function batch(): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.randomNormal([BATCH, ...REFERENCE_NET.inputShape], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, REFERENCE_NET.classes, 'int32', 2), REFERENCE_NET.classes);
  return { x, y };
}

async function timeEngine(model: ReturnType<typeof buildReferenceNet>, n: number, warmup: number): Promise<Speed> {
  const { x, y } = batch();
  for (let i = 0; i < warmup; i++) await model.trainOnBatch(x, y);
  let started = performance.now();
  for (let i = 0; i < n; i++) await model.trainOnBatch(x, y);
  const train = (BATCH * n * 1000) / (performance.now() - started);
  for (let i = 0; i < warmup; i++) (model.predict(x) as tf.Tensor).dispose();
  started = performance.now();
  for (let i = 0; i < n; i++) {
    const out = model.predict(x) as tf.Tensor;
    await out.data();
    out.dispose();
  }
  const infer = (BATCH * n * 1000) / (performance.now() - started);
  x.dispose();
  y.dispose();
  return { train, infer };
}

function torchAvailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
    return null;
  } catch {
    return `${PYTHON} has no torch`;
  }
}

function timeTorch(): Speed & { version: string } {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'reference_net.py');
  const out = execFileSync(PYTHON, [script, '--threads', String(threads), '--batch', String(BATCH), '--steps', String(steps)]).toString();
  const result = JSON.parse(out.trim().split('\n').pop()!) as { torch: string; train: number; infer: number };
  return { version: result.torch, train: result.train, infer: result.infer };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const best = (speeds: Speed[]): Speed => ({ train: Math.max(...speeds.map((s) => s.train)), infer: Math.max(...speeds.map((s) => s.infer)) });
const rows: string[] = [];
const row = (engine: string, t: number | string, speed: Speed, vsTorch?: Speed, digits = 1) =>
  rows.push(`| ${engine} | ${t} | ${speed.train.toFixed(digits)} | ${speed.infer.toFixed(0)} | ${vsTorch ? (speed.train / vsTorch.train).toFixed(digits + 1) : '-'} |`);

console.log(`training benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), reference net, batch ${BATCH}, Adam, ${steps} steps per round, ${rounds} rounds`);
const noTorch = args.includes('--no-torch') ? 'skipped (--no-torch)' : torchAvailable();

// Our wasm engine and PyTorch in alternating rounds.
const wasm = await initTrainingBackend({ threads, prefer: 'wasm' });
console.log(`wasm backend: ${wasm.threads} threads, simd ${wasm.simd}; ${wasm.notes.join('; ')}`);
const model = buildReferenceNet();
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
const ours: Speed[] = [];
const theirs: (Speed & { version: string })[] = [];
for (let r = 0; r < rounds; r++) {
  ours.push(await timeEngine(model, steps, r === 0 ? 2 : 1));
  if (!noTorch) theirs.push(timeTorch());
  const torchPart = theirs[r] ? `, PyTorch ${theirs[r]!.train.toFixed(1)} (ratio ${(ours[r]!.train / theirs[r]!.train).toFixed(2)})` : '';
  console.log(`round ${r + 1}: wasm ${ours[r]!.train.toFixed(1)} training samples/s${torchPart}`);
}
const oursBest = best(ours);
const torchBest = theirs.length ? best(theirs) : undefined;
row('TensorFlow.js wasm (ours)', wasm.threads, oursBest, torchBest);
if (torchBest) row(`PyTorch ${theirs[0]!.version} CPU`, threads, torchBest, torchBest);
model.dispose();

// Ours on one thread (not interleaved with PyTorch: best of the same number of rounds).
if (threads > 1) {
  const single = await initTrainingBackend({ threads: 1, prefer: 'wasm' });
  const m = buildReferenceNet();
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const speeds: Speed[] = [];
  for (let r = 0; r < rounds; r++) speeds.push(await timeEngine(m, steps, r === 0 ? 2 : 1));
  row('TensorFlow.js wasm (ours)', single.threads, best(speeds), torchBest);
  m.dispose();
}

// The other TensorFlow.js backends, when there.
for (const name of ['tensorflow', 'cpu'] as TrainingBackendName[]) {
  if (name === 'cpu' && !args.includes('--cpu')) continue;
  const chosen = await initTrainingBackend({ threads, prefer: name });
  if (chosen.name !== name) {
    console.log(`${name}: not available (${chosen.notes.find((n) => n.startsWith('not ')) ?? chosen.notes.join('; ')})`);
    continue;
  }
  const m = buildReferenceNet();
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  // The cpu backend takes many seconds a step: one step, no warm-up.
  row(`TensorFlow.js ${name}`, name === 'cpu' ? 1 : threads, await timeEngine(m, name === 'cpu' ? 1 : steps, name === 'cpu' ? 0 : 1), torchBest, name === 'cpu' ? 2 : 1);
  m.dispose();
}

if (noTorch) console.log(`PyTorch: ${noTorch}`);
const medians = `medians: ours ${median(ours.map((s) => s.train)).toFixed(1)}${theirs.length ? `, PyTorch ${median(theirs.map((s) => s.train)).toFixed(1)}` : ''} training samples/s`;
if (torchBest) {
  const ratios = ours.map((s, i) => s.train / theirs[i]!.train);
  console.log(`\ntraining ratio ours / PyTorch: ${(oursBest.train / torchBest.train).toFixed(2)} (best rounds; target >= 0.5); per round ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}); ${medians}`);
} else console.log(`\n${medians}`);
console.log('\n| engine | threads | training samples/s (best round) | inference samples/s | training vs PyTorch |');
console.log('|---|---:|---:|---:|---:|');
for (const line of rows) console.log(line);

// The issue asks for So2Sat read throughput in the same run: training reads batches as it goes, so a slow reader
// would hide behind any training figure. The read benchmark runs as its own process (it writes a ~1 GB file).
if (!args.includes('--no-read')) {
  console.log('\nSo2Sat read throughput (npm run bench -- so2sat-read --gb 1):');
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'bench.mjs'), 'so2sat-read', '--gb', '1'], { stdio: 'inherit' });
}
process.exit(0);
