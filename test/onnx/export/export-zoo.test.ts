import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCH_IDS, createModel, type ArchId } from '../../../src/main/train/zoo';
import { inspectModelBytes } from '../../../src/main/onnx/inspect-model';
import { onnxCheckerFailures } from '../../helpers/onnx-checker';
import { pythonMissing } from '../../helpers/python';
import { tempFolder } from '../../fixtures/onnx-models';
import { randomPatches, randomiseBatchNorms, trainSteps, useTrainingBackend } from '../../train/zoo/tf-test-utils';
import { compareWithTf } from './compare';

// Without python3-onnx the exports are still compared with TensorFlow.js; only the checker's verdict is left out.
const onnxMissing = pythonMissing('onnx');

const TEST_WIDTH: Record<ArchId, number> = { resnet18: 0.125, 'sen2lcz-net': 0.25, densenet: 0.25, mobilenet: 0.125, 'tiny-separable': 0.5, 'tiny-cnn': 1 };
const TOLERANCE = 1e-4;

const temp = tempFolder('lcz-export-zoo-');
beforeAll(useTrainingBackend);
afterAll(() => temp.cleanup());

describe.each([...ARCH_IDS])('ONNX export of %s', (id) => {
  it('gives tf predict()\'s logits after training steps and with random batch-norm statistics, NHWC and NCHW', async () => {
    const model = createModel(id, { channels: 5, classes: 17, seed: 11, width: TEST_WIDTH[id], patchSize: 16 });
    const train = randomPatches(2, 16, 5, 1);
    await trainSteps(model, train, [3, 9], 17, 2);
    randomiseBatchNorms(model, 100);
    const x = randomPatches(3, 16, 5, 2);
    for (const layout of ['NHWC', 'NCHW'] as const) {
      const { diff, scale } = await compareWithTf(model, x, { layout });
      expect(diff, layout).toBeLessThan(TOLERANCE);
      expect(scale).toBeGreaterThan(0.05); // logits far enough from zero for a wrong weight to show
    }
    model.dispose();
  });

  it('on 32 x 32 x 10 patches: matches tf at opsets 13 and 17, passes the ONNX checker, counts every weight', async () => {
    const model = createModel(id, { channels: 10, classes: 17, seed: 12, width: TEST_WIDTH[id] });
    randomiseBatchNorms(model, 200);
    const x = randomPatches(2, 32, 10, 3);
    const paths: string[] = [];
    for (const [opset, layout] of [
      [13, 'NHWC'],
      [17, 'NCHW'],
    ] as const) {
      const { diff, bytes } = await compareWithTf(model, x, { opset, layout });
      expect(diff, `opset ${opset} ${layout}`).toBeLessThan(TOLERANCE);
      const summary = inspectModelBytes(bytes, `${id}.onnx`);
      expect(summary.opset).toBe(opset);
      // Every tf weight is one initializer element; the export adds only small constants (Clip bounds, Pad sizes).
      expect(summary.parameterCount - model.countParams()).toBeGreaterThanOrEqual(0);
      expect(summary.parameterCount - model.countParams()).toBeLessThan(16);
      paths.push(temp.put(`${id}-opset${opset}-${layout}.onnx`, bytes));
    }
    model.dispose();
    if (!onnxMissing) expect(await onnxCheckerFailures(paths)).toEqual([]);
  });
});
