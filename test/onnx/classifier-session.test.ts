import { afterAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { calibrate, ClassifierSession, ONNXRUNTIME_VERSION, threadsForMachine } from '../../src/main/onnx/classifier-session';
import { UserError } from '../../src/shared/errors';
import { makeCnnOnnx, makeCnnPair, manifestFor, nchwToNhwc, randomPatches, tempFolder, type CnnFixtureOptions } from '../fixtures/onnx-models';
import { maxAbsDiff, runOnnx } from './ort';

const temp = tempFolder('lcz-onnx-session-');
afterAll(temp.cleanup);

let count = 0;
async function open(bytes: Uint8Array, options: CnnFixtureOptions, temperature = 1): Promise<ClassifierSession> {
  const modelPath = temp.put(`model-${count++}.onnx`, bytes);
  return ClassifierSession.open({ modelPath, manifest: manifestFor(options, { temperature }) }, { threads: 2 });
}

function softmaxRows(data: ArrayLike<number>, k: number, t = 1): number[] {
  const out: number[] = [];
  for (let r = 0; r < data.length / k; r++) {
    const row = Array.from({ length: k }, (_, i) => data[r * k + i]! / t);
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / sum));
  }
  return out;
}

describe('ClassifierSession', () => {
  it('gives identical probabilities for NCHW and NHWC models with the same weights, each fed its own layout', async () => {
    const options = { channels: 10, patchSize: 32, classes: 17, seed: 9, appendInputMeans: true };
    const { nchw, nhwc } = makeCnnPair(options);
    const n = 6;
    const patches = randomPatches(n, 10, 32, 4);
    const a = await open(nchw, { ...options, layout: 'NCHW' });
    const b = await open(nhwc, { ...options, layout: 'NHWC' });
    const pa = await a.run(patches, n);
    const pb = await b.run(nchwToNhwc(patches, n, 10, 32, 32), n);
    expect(pa).toHaveLength(n * 17);
    expect(maxAbsDiff(pa, pb)).toBeLessThan(1e-6);
    // ...and the layouts matter: the NCHW buffer fed to the NHWC model gives other answers.
    expect(maxAbsDiff(pa, await b.run(patches, n))).toBeGreaterThan(1e-3);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('turns logits into softmax(logits / T)', async () => {
    const options = { channels: 4, patchSize: 8, classes: 5, seed: 2 };
    const bytes = makeCnnOnnx(options);
    const patches = randomPatches(3, 4, 8);
    const { data: logits } = await runOnnx(bytes, patches, [3, 4, 8, 8]);
    for (const t of [1, 2.5]) {
      const session = await open(bytes, options, t);
      const p = await session.run(patches, 3);
      expect(maxAbsDiff(p, softmaxRows(logits, 5, t))).toBeLessThan(1e-6);
      await session.dispose();
    }
  });

  it('calibrates a probability output like the logits it came from (p^(1/T) renormalised)', async () => {
    const base = { channels: 4, patchSize: 8, classes: 5, seed: 2 };
    const patches = randomPatches(3, 4, 8);
    const fromLogits = await open(makeCnnOnnx(base), base, 0.5);
    const fromProbabilities = await open(makeCnnOnnx({ ...base, softmax: true }), { ...base, softmax: true }, 0.5);
    const a = await fromLogits.run(patches, 3);
    const b = await fromProbabilities.run(patches, 3);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
    expect(Math.max(...a)).toBeGreaterThan(0.3); // T < 1 sharpens: not a uniform answer
    await Promise.all([fromLogits.dispose(), fromProbabilities.dispose()]);
  });

  it('feeds a fixed-batch model in chunks, padding the last one', async () => {
    const free = { channels: 3, patchSize: 8, classes: 6, seed: 4 };
    const fixed = { ...free, batch: 4 };
    const patches = randomPatches(10, 3, 8);
    const a = await open(makeCnnOnnx(free), free);
    const b = await open(makeCnnOnnx(fixed), fixed);
    const pa = await a.run(patches, 10);
    const pb = await b.run(patches, 10);
    expect(pb).toHaveLength(60);
    expect(maxAbsDiff(pa, pb)).toBeLessThan(1e-6);
    expect(await b.run(new Float32Array(0), 0)).toHaveLength(0);
    await expect(b.run(patches, 9)).rejects.toThrow(/not 9 patches/);
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('refuses a manifest that names tensors the model lacks', async () => {
    const options = { channels: 3, patchSize: 8, classes: 6 };
    const modelPath = temp.put('named.onnx', makeCnnOnnx(options));
    const manifest = manifestFor(options);
    const wrong = { ...manifest, input: { ...manifest.input, name: 'image' } };
    await expect(ClassifierSession.open({ modelPath, manifest: wrong })).rejects.toThrow(UserError);
    await expect(ClassifierSession.open({ modelPath, manifest: wrong })).rejects.toThrow(/named\.onnx: .*input "image".*patches/);
  });

  it('reports the runtime and a sensible thread count', () => {
    expect(ONNXRUNTIME_VERSION).toMatch(/^1\.\d+\.\d+/);
    expect(threadsForMachine()).toBeGreaterThanOrEqual(1);
    expect(threadsForMachine()).toBeLessThanOrEqual(Math.min(8, availableParallelism()));
  });

  it('calibrate handles an all-zero probability row', () => {
    const out = new Float32Array(3);
    calibrate(new Float32Array(3), 3, 'probabilities', 2, out);
    expect([...out]).toEqual([1 / 3, 1 / 3, 1 / 3].map(Math.fround));
  });
});
