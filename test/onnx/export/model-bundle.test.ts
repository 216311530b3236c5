import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../../src/main/bundles/bundle-io';
import { ClassifierSession } from '../../../src/main/onnx/classifier-session';
import { writeModelBundle, type ModelBundleParts } from '../../../src/main/onnx/export';
import { createModel } from '../../../src/main/train/zoo';
import { SO2SAT_S2_BANDS, SO2SAT_S2_MEAN, SO2SAT_S2_STD } from '../../../src/shared/bands';
import { ALL_LCZ_VALUES } from '../../../src/shared/bundle-manifest';
import { tempFolder } from '../../fixtures/onnx-models';
import { maxAbsDiff } from '../ort';
import { nhwcToNchw, predict, randomPatches, randomiseBatchNorms, useCpuBackend } from '../../train/zoo/tf-test-utils';

const temp = tempFolder('lcz-export-bundle-');
beforeAll(useCpuBackend);
afterAll(() => temp.cleanup());

const bands = SO2SAT_S2_BANDS.map((id, i) => ({ id, mean: SO2SAT_S2_MEAN[i]!, std: SO2SAT_S2_STD[i]! }));

function parts(extra: Partial<ModelBundleParts> = {}): ModelBundleParts {
  return {
    name: 'Tiny CNN test student',
    description: 'seeded weights, random batch-norm statistics',
    bands,
    resolutionM: 10,
    temperature: 1.7,
    provenance: { method: 'Tiny CNN, 0 epochs (test)', backend: 'tfjs-cpu', seed: 21, source: 'random patches' },
    metrics: { oa: 0.5, ece: 0.1 },
    ...extra,
  };
}

/** softmax(logits / T) row by row, in double precision. */
function calibrated(logits: Float32Array, classes: number, temperature: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / classes; r++) {
    const row = Array.from(logits.subarray(r * classes, (r + 1) * classes), (v) => v / temperature);
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, k) => (out[r * classes + k] = e / sum));
  }
  return out;
}

describe('writeModelBundle', () => {
  for (const layout of ['NHWC', 'NCHW'] as const) {
    it(`writes a bundle that reads back and maps like the tf model: softmax(logits / T) (${layout})`, async () => {
      const model = createModel('tiny-cnn', { channels: 10, classes: 17, seed: 21 });
      randomiseBatchNorms(model, 5);
      const dir = `${temp.dir}/tiny-${layout}`;
      await writeModelBundle(dir, model, parts({ export: { layout } }));

      const bundle = await readBundle(dir);
      const m = bundle.manifest;
      expect(m.input).toEqual({ name: 'patches', layout, patchSize: 32, resolutionM: 10, fixedBatch: null });
      expect(m.output).toEqual({ name: 'logits', kind: 'logits' });
      expect(m.bands).toEqual(bands);
      expect(m.classes).toEqual([...ALL_LCZ_VALUES]);
      expect(m.temperature).toBe(1.7);
      expect(m.metrics).toEqual({ oa: 0.5, ece: 0.1 });
      expect(m.provenance).toMatchObject({ createdBy: expect.stringMatching(/^LCZ Studio \d+\.\d+\.\d+/) as string, method: 'Tiny CNN, 0 epochs (test)', backend: 'tfjs-cpu', seed: 21 });
      expect(Date.parse(m.provenance.createdAt)).toBeGreaterThan(Date.parse('2025-01-01'));

      const n = 5;
      const x = randomPatches(n, 32, 10, 8);
      const expected = calibrated(predict(model, x), 17, 1.7);
      const session = await ClassifierSession.open(bundle, { threads: 1 });
      try {
        const probabilities = await session.run(layout === 'NHWC' ? (x.dataSync() as Float32Array) : nhwcToNchw(x), n);
        expect(maxAbsDiff(probabilities, expected)).toBeLessThan(1e-5);
        expect(Math.max(...expected)).toBeGreaterThan(3 / 17); // not a flat distribution
      } finally {
        await session.dispose();
      }
      model.dispose();
    });
  }

  it('refuses parts that do not fit the model', async () => {
    const model = createModel('tiny-cnn', { channels: 10, classes: 5, seed: 1, patchSize: 16 });
    const dir = `${temp.dir}/bad`;
    await expect(writeModelBundle(dir, model, parts())).rejects.toThrow(/5 outputs: say which LCZ class each one is/);
    await expect(writeModelBundle(dir, model, parts({ classes: [1, 2, 3] }))).rejects.toThrow(/3 classes listed for a model of 5 outputs/);
    await expect(writeModelBundle(dir, model, parts({ classes: [11, 12, 13, 14, 17], bands: bands.slice(0, 4) }))).rejects.toThrow(/4 bands listed for a model of 10 input channels/);
    const ok = await writeModelBundle(dir, model, parts({ classes: [11, 12, 13, 14, 17], temperature: undefined, metrics: undefined }));
    expect([ok.manifest.input.patchSize, ok.manifest.temperature, ok.manifest.classes]).toEqual([16, 1, [11, 12, 13, 14, 17]]);
    model.dispose();
  });
});
