// The QDQ layout of each kind of op, on small graphs written with our ONNX writer: what the plan makes of them,
// that the int8 model computes what the float one does (within quantization error), and what ONNX Runtime's
// optimiser turns them into (read from the graph it writes).
import { describe, expect, it } from 'vitest';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { attr, OnnxGraphBuilder } from '../../../src/main/onnx/graph-builder';
import * as op from '../../../src/main/onnx/op-helpers';
import { decodeModel } from '../../../src/main/onnx/read-model';
import { decodedGraph } from '../../../src/main/onnx/onnx-proto';
import { mulberry32 } from '../../../src/main/synthetic/noise';
import { noisePatches, optimisedOpCounts, qdqLayoutProblems, quantizeBytes } from './qdq-layout';

function weights(g: OnnxGraphBuilder, name: string, dims: number[], seed: number, scale = 0.3): string {
  const random = mulberry32(seed);
  return g.initializer(name, Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => (random() * 2 - 1) * scale), dims);
}

const conv3 = { kernel: [3, 3] as const, pads: [1, 1, 1, 1] as const };

/** A residual block and a dense head: Conv-Relu-Conv + 1x1 Conv shortcut, Add, Relu, global pool, Gemm (transB 1). */
function residualModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  const x = g.input('x', 'float32', ['N', 4, 8, 8]);
  const r1 = op.relu(g, op.conv(g, x, weights(g, 'w1', [8, 4, 3, 3], 1), weights(g, 'b1', [8], 2), conv3));
  const c2 = op.conv(g, r1, weights(g, 'w2', [8, 8, 3, 3], 3), weights(g, 'b2', [8], 4), conv3);
  const skip = op.conv(g, x, weights(g, 'ws', [8, 4, 1, 1], 5), null, { kernel: [1, 1] });
  const r = op.relu(g, op.binary(g, 'Add', c2, skip));
  op.gemm(g, op.flatten(g, op.globalAveragePool(g, r)), weights(g, 'wd', [5, 8], 6), weights(g, 'bd', [5], 7), true, 'logits');
  g.output('logits', 'float32', ['N', 5]);
  return g.toBytes();
}

/** Dense layers on a vector: MatMul, swish (x * sigmoid x), Gemm with [in, out] weights (transB 0), Softmax. */
function denseModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  const x = g.input('x', 'float32', ['N', 16]);
  const m = g.node1('MatMul', [x, weights(g, 'wm', [16, 8], 11)]);
  const swish = op.binary(g, 'Mul', m, g.node1('Sigmoid', [m]));
  const logits = op.gemm(g, swish, weights(g, 'wg', [8, 5], 12), weights(g, 'bg', [5], 13), false);
  op.softmax(g, logits, 1, 'probabilities');
  g.output('probabilities', 'float32', ['N', 5]);
  return g.toBytes();
}

async function run(bytes: Uint8Array, data: Float32Array, dims: number[], level: 'disabled' | 'all' = 'all'): Promise<Float32Array> {
  const session = await InferenceSession.create(bytes, { graphOptimizationLevel: level });
  try {
    const out = await session.run({ x: new Tensor('float32', data, dims) });
    return out[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Largest difference between the int8 and float model outputs, relative to the float outputs' spread. */
async function relativeError(float: Uint8Array, int8: Uint8Array, dims: number[]): Promise<number> {
  const data = noisePatches(dims[0]!, dims.slice(1).reduce((a, b) => a * b, 1), 99); // not the calibration patches
  const [a, b] = [await run(float, data, dims), await run(int8, data, dims)];
  const spread = Math.max(...a) - Math.min(...a);
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) / spread;
}

const opsOf = (bytes: Uint8Array) => decodedGraph(decodeModel(bytes, 'm')).node.map((n) => n.opType);

describe('QDQ layout of each kind of op', () => {
  it('quantizes a residual block: convolutions, Add with its Relu absorbed, global pooling, and a dense head ending in float', async () => {
    const float = residualModel();
    const q = await quantizeBytes(float, [4, 8, 8]);
    expect(qdqLayoutProblems(q.bytes)).toEqual([]);
    expect(q.quantized).toEqual({ Conv: 3, Add: 1, GlobalAveragePool: 1, Flatten: 1, Gemm: 1 });
    expect(q.leftInFloat).toEqual([]);
    // The logits come straight from the Gemm: no Q/DQ round trip on the model's output.
    const graph = decodedGraph(decodeModel(q.bytes, 'm'));
    expect(graph.node.find((n) => n.output!.includes('logits'))?.opType).toBe('Gemm');
    expect(await relativeError(float, q.bytes, [16, 4, 8, 8])).toBeLessThan(0.05);

    const ops = await optimisedOpCounts(q.bytes);
    expect(ops['com.microsoft:QLinearConv']).toBe(3);
    expect(ops['com.microsoft:QLinearAdd']).toBe(1);
    expect(ops['com.microsoft:QLinearGlobalAveragePool']).toBe(1);
    expect(ops['com.microsoft:QGemm']).toBe(1);
    for (const floatOp of ['ai.onnx:Conv', 'com.microsoft:FusedConv', 'ai.onnx:Relu', 'ai.onnx:Add', 'ai.onnx:DequantizeLinear']) expect(ops[floatOp], floatOp).toBeUndefined();
  });

  it('never leaves a Conv output as a graph output: the graph output is the DQ of its own pair', async () => {
    const g = new OnnxGraphBuilder();
    const x = g.input('x', 'float32', ['N', 4, 8, 8]);
    const [w, b] = [weights(g, 'w', [6, 4, 3, 3], 21), weights(g, 'b', [6], 22)];
    const conv = g.node1('Conv', [x, w, b], { attributes: { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) }, output: 'features' });
    g.output('features', 'float32', ['N', 6, 8, 8]);
    const q = await quantizeBytes(g.toBytes(), [4, 8, 8]);
    expect(qdqLayoutProblems(q.bytes)).toEqual([]);
    const graph = decodedGraph(decodeModel(q.bytes, 'm'));
    expect(graph.node.find((n) => n.output!.includes(conv))?.opType).toBe('DequantizeLinear');
    expect((await optimisedOpCounts(q.bytes))['com.microsoft:QLinearConv']).toBe(1);
  });

  it('quantizes MatMul and Gemm weights per output column, Sigmoid and Mul, and keeps the final Softmax in float', async () => {
    const float = denseModel();
    const q = await quantizeBytes(float, [16]);
    expect(q.quantized).toEqual({ MatMul: 1, Sigmoid: 1, Mul: 1, Gemm: 1 });
    expect(q.leftInFloat).toEqual([{ op: 'Softmax', count: 1, reason: "produces the model's output, kept in full precision" }]);
    const graph = decodedGraph(decodeModel(q.bytes, 'm'));
    const dqAxis = (weight: string) => graph.node.find((n) => n.opType === 'DequantizeLinear' && n.input![0] === `${weight}_quantized`)?.attribute?.find((a) => a.name === 'axis')?.i;
    expect(Number(dqAxis('wm'))).toBe(1);
    expect(Number(dqAxis('wg'))).toBe(1);
    expect(await relativeError(float, q.bytes, [64, 16])).toBeLessThan(0.05);
    const ops = await optimisedOpCounts(q.bytes);
    expect(ops['com.microsoft:QLinearSigmoid']).toBe(1);
    expect(ops['com.microsoft:QLinearMul']).toBe(1);
    expect(ops['com.microsoft:QGemm']).toBe(1);
    expect(ops['ai.onnx:QLinearMatMul']).toBe(1);
    expect(ops['ai.onnx:MatMul']).toBeUndefined();
    expect(ops['ai.onnx:Softmax']).toBe(1);
  });

  it('leaves an operator with no int8 form in float, says so, and still fuses the convolution before it', async () => {
    const g = new OnnxGraphBuilder();
    const x = g.input('x', 'float32', ['N', 4, 8, 8]);
    const r = op.relu(g, op.conv(g, x, weights(g, 'w', [8, 4, 3, 3], 31), weights(g, 'b', [8], 32), conv3));
    const erf = g.node1('Erf', [r]);
    op.gemm(g, op.flatten(g, op.globalAveragePool(g, erf)), weights(g, 'wd', [5, 8], 33), null, true, 'logits');
    g.output('logits', 'float32', ['N', 5]);
    const float = g.toBytes();
    const q = await quantizeBytes(float, [4, 8, 8]);
    expect(q.leftInFloat).toEqual([{ op: 'Erf', count: 1, reason: 'no int8 form' }]);
    expect(qdqLayoutProblems(q.bytes)).toEqual([]);
    expect(opsOf(q.bytes)).toContain('Erf');
    expect(await relativeError(float, q.bytes, [16, 4, 8, 8])).toBeLessThan(0.05);
    const ops = await optimisedOpCounts(q.bytes);
    expect(ops['com.microsoft:QLinearConv']).toBe(1);
    expect(ops['ai.onnx:Erf']).toBe(1);
  });

  it("stores weights in 7 bits, so ORT's fused integer kernels compute exactly what the QDQ graph says", async () => {
    // Full 8-bit weights overflow the 16-bit pair sums of ORT's uint8 x int8 kernels on x86 without VNNI (AVX2 only):
    // there the fused model drifts from its own unfused graph by a fifth of the output spread.
    const q = await quantizeBytes(denseModel(), [16]);
    const graph = decodedGraph(decodeModel(q.bytes, 'm'));
    for (const name of ['wm_quantized', 'wg_quantized']) {
      const t = graph.initializer.find((i) => i.name === name)!;
      const values = new Int8Array(t.rawData!.buffer, t.rawData!.byteOffset, t.rawData!.byteLength);
      expect(Math.max(...values.map(Math.abs))).toBe(64);
    }
    const data = noisePatches(64, 16, 98);
    const [fused, unfused] = [await run(q.bytes, data, [64, 16], 'all'), await run(q.bytes, data, [64, 16], 'disabled')];
    expect(Math.max(...fused.map((v, i) => Math.abs(v - unfused[i]!)))).toBeLessThan(1e-5);
  });
});
