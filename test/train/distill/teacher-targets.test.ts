// The teacher pass on a real So2Sat file and real ONNX bundles: each bundle fed its bands, normalisation and layout
// (checked against ONNX Runtime run here on patches normalised by hand), members fused by mean of logits or of
// probabilities, probability outputs told apart (by the manifest, or found in the outputs) and turned into
// log-probabilities, and teachers that cannot teach on So2Sat data refused by name.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../../src/main/bundles/bundle-io';
import { decodedGraph, onnx } from '../../../src/main/onnx/onnx-proto';
import { So2SatFile } from '../../../src/main/so2sat/so2sat-file';
import type { RunContext } from '../../../src/main/train/run-context';
import { readTeacher, teacherBundleDirs } from '../../../src/main/train/distill/teacher-bundles';
import { CacheReader, CacheWriter } from '../../../src/main/train/distill/teacher-cache';
import { runTeacherPass } from '../../../src/main/train/distill/teacher-targets';
import type { TeacherFusion, TeacherRecord } from '../../../src/shared/contract/distill-settings';
import { makeCnnOnnx, manifestFor, nchwToNhwc, type CnnFixtureOptions } from '../../fixtures/onnx-models';
import { writeSmallSo2Sat } from '../../so2sat/small-file';

const K = 17;
const N = 40;
const temp = mkdtempSync(join(tmpdir(), 'lcz-teacher-'));
const data = join(temp, 'train.h5');
let sen2: Float32Array;
let file: So2SatFile;
const patches = Uint32Array.from({ length: N }, (_, i) => i);

async function bundle(name: string, o: CnnFixtureOptions, manifest: Parameters<typeof manifestFor>[1] = {}): Promise<string> {
  const dir = join(temp, name);
  await writeBundle(dir, manifestFor(o, manifest), makeCnnOnnx(o));
  return dir;
}

function context(): RunContext & { warnings: string[] } {
  const warnings: string[] = [];
  return { signal: new AbortController().signal, progress: () => undefined, warn: (m) => warnings.push(m), warnings };
}

/** The cached rows of a pass over the N patches with these teacher bundles. */
async function pass(dirs: string[], fusion: TeacherFusion = 'logits'): Promise<{ rows: Float32Array; records: TeacherRecord[]; warnings: string[] }> {
  const runDir = mkdtempSync(join(temp, 'run-'));
  const ctx = context();
  const teachers = await readTeacher(dirs);
  const writer = await CacheWriter.create(runDir, 'k');
  const records = await runTeacherPass({ file, patches, teachers, fusion, writer, ctx });
  await writer.finish({ version: 1, teachers: [], fusion, data: { path: data, size: 0, mtimeMs: 0, endsSha256: '' }, patches: { count: N, sha256: '' } }, records);
  const reader = await CacheReader.open(runDir, 'k', patches);
  try {
    return { rows: await reader.rows(patches), records, warnings: ctx.warnings };
  } finally {
    await reader.close();
  }
}

/** The model's outputs, computed here: So2Sat patches normalised with the manifest's statistics, in its layout. */
async function expected(o: CnnFixtureOptions): Promise<Float32Array> {
  const manifest = manifestFor(o);
  const nchw = new Float32Array(N * 10 * 1024);
  for (let n = 0; n < N; n++)
    for (let p = 0; p < 1024; p++)
      for (let c = 0; c < 10; c++) nchw[(n * 10 + c) * 1024 + p] = (sen2[(n * 1024 + p) * 10 + c]! - manifest.bands[c]!.mean) / manifest.bands[c]!.std;
  const input = o.layout === 'NHWC' ? new Tensor('float32', nchwToNhwc(nchw, N, 10, 32, 32), [N, 32, 32, 10]) : new Tensor('float32', nchw, [N, 10, 32, 32]);
  const session = await InferenceSession.create(makeCnnOnnx(o));
  try {
    const out = await session.run({ [session.inputNames[0]!]: input });
    return out[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/**
 * The model with a Mul by 1 after its final Softmax (exporters leave such scalings): the bundle check, which looks
 * for the op making the output through reshapes and identities, cannot see the softmax, and the manifest says logits.
 */
function hiddenSoftmax(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = decodedGraph(model);
  const out = graph.output[0]!.name!;
  const last = graph.node.find((n) => n.output?.includes(out))!;
  expect(last.opType).toBe('Softmax');
  last.output = ['softmax_inner'];
  graph.initializer.push(onnx.TensorProto.create({ name: 'one', dataType: onnx.TensorProto.DataType.FLOAT, dims: [], floatData: [1] }));
  graph.node.push(onnx.NodeProto.create({ opType: 'Mul', input: ['softmax_inner', 'one'], output: [out], name: 'scale' }));
  return onnx.ModelProto.encode(model).finish();
}

const softmax = (row: ArrayLike<number>, T = 1) => {
  const max = Math.max(...Array.from(row));
  const e = Array.from(row, (v) => Math.exp((v - max) / T));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};
const rowOf = (a: Float32Array, i: number) => a.subarray(i * K, (i + 1) * K);

/** Largest difference between the tempered softmaxes of two sets of logits (equal up to a constant per row). */
function softTargetGap(a: Float32Array, b: Float32Array, T = 3): number {
  let worst = 0;
  for (let i = 0; i < N; i++) {
    const pa = softmax(rowOf(a, i), T);
    const pb = softmax(rowOf(b, i), T);
    for (let k = 0; k < K; k++) worst = Math.max(worst, Math.abs(pa[k]! - pb[k]!));
  }
  return worst;
}

beforeAll(async () => {
  ({ sen2 } = await writeSmallSo2Sat(data, { n: N, seed: 3 }));
  file = await So2SatFile.open(data);
});
afterAll(async () => {
  await file.close();
  rmSync(temp, { recursive: true, force: true });
});

describe('the teacher pass', () => {
  it('feeds an NCHW and an NHWC bundle their own layout and normalisation: the logits ONNX Runtime gives them', async () => {
    const want = await expected({ seed: 1, layout: 'NCHW' });
    const nchw = await pass([await bundle('nchw', { seed: 1, layout: 'NCHW' })]);
    const nhwc = await pass([await bundle('nhwc', { seed: 1, layout: 'NHWC' })]);
    for (const got of [nchw.rows, nhwc.rows]) {
      expect(got).toHaveLength(N * K);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-4);
    }
    expect(nchw.records[0]).toMatchObject({ outputs: 'logits', probabilitiesBy: null });
    expect(nchw.warnings).toEqual([]);
  });

  it('fuses members by the mean of their logits, or by the mean of their probabilities', async () => {
    const dirs = [await bundle('m1', { seed: 1 }), await bundle('m2', { seed: 2 })];
    const [a, b] = [await expected({ seed: 1 }), await expected({ seed: 2 })];
    const byLogits = (await pass(dirs, 'logits')).rows;
    const byProbabilities = (await pass(dirs, 'probabilities')).rows;
    for (let i = 0; i < N; i++) {
      const pa = softmax(rowOf(a, i));
      const pb = softmax(rowOf(b, i));
      const meanP = pa.map((p, k) => (p + pb[k]!) / 2);
      const fromProbabilities = softmax(rowOf(byProbabilities, i));
      for (let k = 0; k < K; k++) {
        expect(Math.abs(byLogits[i * K + k]! - (a[i * K + k]! + b[i * K + k]!) / 2)).toBeLessThan(1e-4);
        expect(Math.abs(fromProbabilities[k]! - meanP[k]!)).toBeLessThan(1e-5);
      }
    }
    // The two rules differ: the test would not tell them apart otherwise.
    expect(softTargetGap(byLogits, byProbabilities, 1)).toBeGreaterThan(1e-3);
  });

  it('says when a teacher outputs probabilities, and uses its log-probabilities (the same soft targets as its logits)', async () => {
    const logits = (await pass([await bundle('logits', { seed: 4 })])).rows;
    const declared = await pass([await bundle('declared', { seed: 4, softmax: true })]);
    expect(declared.records[0]).toMatchObject({ outputs: 'probabilities', probabilitiesBy: 'manifest' });
    expect(declared.warnings.join('\n')).toMatch(/declared: this teacher outputs probabilities, where distillation expects logits: its log-probabilities are used/);
    expect(softTargetGap(declared.rows, logits)).toBeLessThan(1e-5);
    // A softmax at the end of a model whose manifest says logits: found in the outputs, and said.
    const hiddenDir = join(temp, 'hidden');
    const o = { seed: 4, softmax: true };
    await writeBundle(hiddenDir, manifestFor(o, { output: { name: 'probabilities', kind: 'logits' } }), hiddenSoftmax(makeCnnOnnx(o)));
    const hidden = await pass([hiddenDir]);
    expect(hidden.records[0]).toMatchObject({ outputs: 'probabilities', probabilitiesBy: 'detected' });
    expect(hidden.warnings.join('\n')).toMatch(/hidden: this teacher's manifest says it outputs logits, but its outputs are probabilities/);
    expect(softTargetGap(hidden.rows, logits)).toBeLessThan(1e-5);
    // Taken as logits, the probabilities would give other (far flatter) soft targets.
    const taken = declared.rows.map(Math.exp);
    expect(softTargetGap(taken, logits)).toBeGreaterThan(1e-2);
  });
});

describe('teachers that cannot teach on So2Sat data', () => {
  it('refuses a teacher of other classes, naming it, before any pass', async () => {
    const dir = await bundle('ten-classes', { classes: 10 });
    await expect(readTeacher([dir])).rejects.toThrow(`${dir}: as a teacher it outputs 10 classes (LCZ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10); the student learns So2Sat's 17 LCZ classes`);
  });

  it('refuses a teacher reading bands So2Sat does not hold, or other patch sizes', async () => {
    const landsat = join(temp, 'landsat');
    const o = { channels: 3 };
    await writeBundle(landsat, manifestFor(o, { bands: ['L8.B4', 'L8.B3', 'L8.B2'].map((id) => ({ id, mean: 0.1, std: 0.05 })) }), makeCnnOnnx(o));
    await expect(readTeacher([landsat])).rejects.toThrow(`${landsat}: cannot teach on So2Sat data: it needs L8.B4, L8.B3, L8.B2, which So2Sat's sen2 does not hold`);
    const big = await bundle('patch64', { patchSize: 64 });
    await expect(readTeacher([big])).rejects.toThrow(`${big}: cannot teach on So2Sat data: it takes 64 px patches; So2Sat patches are 32 x 32`);
  });

  it('refuses a folder that is neither a run nor a bundle, and a bundle named twice', async () => {
    const empty = join(temp, 'empty');
    mkdirSync(empty);
    await expect(teacherBundleDirs([empty])).rejects.toThrow(`${empty}: is neither a training run (run.json) nor a model bundle (manifest.json)`);
    const one = await bundle('twice', { seed: 9 });
    await expect(teacherBundleDirs([one, one])).rejects.toThrow(`${one}: is named twice in the teacher`);
  });
});
