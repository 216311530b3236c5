// Every architecture of the zoo, exported by our engine (NHWC, as training exports members) and quantized: which
// ops run in int8, what is left in float and why, and whether ONNX Runtime fuses every convolution (depthwise ones
// and those followed by ReLU6, a Clip, included).
import { beforeAll, describe, expect, it } from 'vitest';
import { exportModel } from '../../../src/main/onnx/export';
import { decodeModel } from '../../../src/main/onnx/read-model';
import { decodedGraph } from '../../../src/main/onnx/onnx-proto';
import { ARCH_IDS, createModel } from '../../../src/main/train/zoo';
import { useCpuBackend } from '../../train/zoo/tf-test-utils';
import { optimisedOpCounts, qdqLayoutProblems, quantizeBytes } from './qdq-layout';

beforeAll(useCpuBackend);

/** What each architecture leaves in float: DenseNet-BC's batch norms come before their ReLU and conv (pre-activation), after a Concat, so no conv takes them in. */
const LEFT_IN_FLOAT: Record<string, { op: string; reason: string }[]> = {
  'sen2lcz-net': [{ op: 'Mean', reason: 'no int8 form' }],
  densenet: [{ op: 'BatchNormalization', reason: 'no int8 form' }],
};

describe.each([...ARCH_IDS])('int8 quantization of the zoo model %s', (id) => {
  it('fuses every convolution into QLinearConv and lists what it leaves in float', async () => {
    const model = createModel(id, { channels: 10, classes: 17, seed: 1, width: 0.25 });
    const { bytes } = exportModel(model, { layout: 'NHWC' });
    model.dispose();
    const convs = decodedGraph(decodeModel(bytes, id)).node.filter((n) => n.opType === 'Conv').length;
    const q = await quantizeBytes(bytes, [32, 32, 10], { patches: 16 });
    expect(q.leftInFloat.map(({ op, reason }) => ({ op, reason }))).toEqual(LEFT_IN_FLOAT[id] ?? []);
    expect(qdqLayoutProblems(q.bytes)).toEqual([]);
    const ops = await optimisedOpCounts(q.bytes);
    expect(ops['com.microsoft:QLinearConv']).toBe(convs);
    for (const left of ['ai.onnx:Conv', 'com.microsoft:FusedConv', 'ai.onnx:Relu', 'ai.onnx:Clip']) expect(ops[left], left).toBeUndefined();
  });
});
