/**
 * Which nodes of a (BatchNorm-folded) float graph run in int8, and which tensors carry a quantization: the QDQ
 * layout ONNX Runtime fuses into integer kernels on x86.
 *
 * - Conv, Gemm, MatMul with constant weights: DQ(x), DQ(W int8 per channel), DQ(bias int32), op, Q. ORT makes
 *   QLinearConv / QGemm / QLinearMatMul of them. Gemm and MatMul may end in float (no Q) when nothing after them
 *   reads int8: QGemm and MatMulIntegerToFloat then write float directly, and the logits keep full precision.
 * - A Relu or Clip right after a quantized op (its only reader) is absorbed: no Q/DQ between them, the Q comes after
 *   it, calibrated on its output (min 0, so zero point 0), and ORT drops it into the fused op.
 * - Add, Mul, Concat: every input through a DQ, one Q after (QLinearAdd, QLinearMul, QLinearConcat).
 * - GlobalAveragePool, AveragePool, Sigmoid, Softmax (and a Relu/Clip on int8 data): one DQ, one Q. Softmax's output
 *   is quantized on [0, 1], what probabilities span.
 * - MaxPool, Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Identity move data: when their input is int8 they keep
 *   its scale and zero point (the Q after them repeats the DQ before), and ORT runs them on the uint8 values.
 * - Anything else stays in float and is listed; so do int8-capable ops that produce the model's output (its class
 *   scores or probabilities are returned in full precision).
 */
import { DataType, toNumber, type INodeProto } from '../onnx-proto';
import { floatAttr, intAttr } from '../node-attributes';
import type { GraphIndex } from './graph-index';

/** Where a quantized tensor's scale and zero point come from. */
export type ParamSource =
  | { kind: 'calibrated' }
  /** A range known in advance (Softmax: [0, 1]). */
  | { kind: 'fixed'; min: number; max: number }
  /** The same as another tensor (the input of a data-movement op). */
  | { kind: 'same-as'; tensor: string }
  /** A constant input of Add, Mul or Concat: its own min and max, stored uint8. */
  | { kind: 'constant' };

export type Treatment =
  | { kind: 'weighted'; weight: string; axis: number; bias: string | null }
  | { kind: 'activation' }
  | { kind: 'same-scale' }
  | { kind: 'absorbed' }
  /** reason null: nothing lost by running it in float (data movement on float tensors, a Relu on float data). */
  | { kind: 'float'; reason: string | null };

export interface FloatOp {
  op: string;
  count: number;
  reason: string;
}

export interface QuantizePlan {
  treatments: Map<INodeProto, Treatment>;
  tensors: Map<string, ParamSource>;
  /** Input positions of each quantized node read through a DQ (activations and constant activation inputs). */
  dqInputs: Map<INodeProto, number[]>;
  leftInFloat: FloatOp[];
}

const NO_INT8 = 'no int8 form';
const OUTPUT = "produces the model's output, kept in full precision";
const ACTIVATION_OPS = new Set(['Add', 'Mul', 'Concat', 'GlobalAveragePool', 'AveragePool', 'Sigmoid', 'Softmax']);
const MOVEMENT_OPS = new Set(['MaxPool', 'Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity']);
const CLAMPS = new Set(['Relu', 'Clip']);
/** Ops whose int8 form may end in float: their output needs no Q unless an int8 op reads it. */
const FLOAT_OUTPUT_OK = new Set(['Gemm', 'MatMul']);

const isQuantized = (t: Treatment | undefined) => t !== undefined && t.kind !== 'float' && t.kind !== 'absorbed';

export function planQuantization(index: GraphIndex): QuantizePlan {
  const treatments = new Map<INodeProto, Treatment>();
  const tensors = new Map<string, ParamSource>();
  for (const node of index.graph.node) {
    const treatment = decide(index, node, treatments, tensors);
    treatments.set(node, treatment);
    const out = node.output?.[0] ?? '';
    if (treatment.kind === 'absorbed') {
      tensors.delete(node.input![0]!);
      tensors.set(out, { kind: 'calibrated' });
    } else if (treatment.kind === 'same-scale') tensors.set(out, { kind: 'same-as', tensor: node.input![0]! });
    else if (isQuantized(treatment)) tensors.set(out, node.opType === 'Softmax' ? { kind: 'fixed', min: 0, max: 1 } : { kind: 'calibrated' });
  }
  dropUnreadOutputs(index, treatments, tensors);
  const dqInputs = new Map<INodeProto, number[]>();
  for (const [node, t] of treatments) {
    if (!isQuantized(t)) continue;
    const positions = activationInputs(node, t);
    dqInputs.set(node, positions);
    for (const p of positions) {
      const name = node.input![p]!;
      if (!tensors.has(name)) tensors.set(name, index.isConstant(name) ? { kind: 'constant' } : { kind: 'calibrated' });
    }
  }
  return { treatments, tensors, dqInputs, leftInFloat: floatOps(treatments) };
}

function decide(index: GraphIndex, node: INodeProto, treatments: Map<INodeProto, Treatment>, tensors: Map<string, ParamSource>): Treatment {
  const op = node.opType ?? '';
  const inputs = node.input ?? [];
  const out = node.output?.[0] ?? '';
  if (node.domain && node.domain !== 'ai.onnx') return { kind: 'float', reason: `custom operator of domain ${node.domain}` };
  if ((node.output ?? []).filter(Boolean).length !== 1) return { kind: 'float', reason: NO_INT8 };
  const toOutput = index.outputs.has(out);
  if (op === 'Conv' || op === 'Gemm' || op === 'MatMul') return weighted(index, node) ?? { kind: 'float', reason: 'weights that are not constant' };
  if (ACTIVATION_OPS.has(op)) {
    if (toOutput) return { kind: 'float', reason: OUTPUT };
    const read = op === 'Add' || op === 'Mul' || op === 'Concat' ? inputs : inputs.slice(0, 1);
    if (read.every((name) => index.isConstant(name))) return { kind: 'float', reason: null };
    return { kind: 'activation' };
  }
  if (MOVEMENT_OPS.has(op)) return tensors.has(inputs[0] ?? '') && !toOutput ? { kind: 'same-scale' } : { kind: 'float', reason: null };
  if (CLAMPS.has(op)) {
    const x = inputs[0] ?? '';
    const producer = index.producer.get(x);
    const t = producer ? treatments.get(producer) : undefined;
    const alone = index.consumersOf(x).length === 1 && !index.outputs.has(x);
    if (t && (t.kind === 'weighted' || t.kind === 'activation') && alone && tensors.has(x)) return { kind: 'absorbed' };
    if (tensors.has(x) && !toOutput) return { kind: 'activation' };
    return { kind: 'float', reason: null };
  }
  return { kind: 'float', reason: NO_INT8 };
}

/** Conv (weights [M, C/g, k...], axis 0), Gemm (axis of the output columns) or MatMul ([K, N] weights, axis 1). */
function weighted(index: GraphIndex, node: INodeProto): Treatment | null {
  const [x, w, b] = node.input ?? [];
  const init = (name: string | undefined) => (name ? index.initializers.get(name) : undefined);
  const weight = init(w);
  if (!x || index.isConstant(x) || weight?.dataType !== DataType.FLOAT) return null;
  const rank = weight.dims?.length ?? 0;
  const biasOk = (size: number) => !b || (init(b)?.dataType === DataType.FLOAT && (init(b)!.dims ?? []).reduce<number>((a, d) => a * toNumber(d), 1) === size);
  const dim = (i: number) => toNumber(weight.dims![i]);
  if (node.opType === 'Conv') return rank >= 3 && biasOk(dim(0)) ? { kind: 'weighted', weight: w!, axis: 0, bias: b || null } : null;
  if (rank !== 2) return null;
  if (node.opType === 'MatMul') return { kind: 'weighted', weight: w!, axis: 1, bias: null };
  // Gemm: y = alpha A B + beta C; QGemm's integer form is for the plain y = A B + C.
  const axis = intAttr(node, 'transB', 0) === 1 ? 0 : 1;
  const plain = intAttr(node, 'transA', 0) === 0 && floatAttr(node, 'alpha', 1) === 1 && floatAttr(node, 'beta', 1) === 1;
  return plain && biasOk(dim(axis)) ? { kind: 'weighted', weight: w!, axis, bias: b || null } : null;
}

/** The inputs a quantized node reads through a DQ: activations, and constants of the element-wise ops. */
function activationInputs(node: INodeProto, t: Treatment): number[] {
  const inputs = node.input ?? [];
  if (t.kind === 'activation' && (node.opType === 'Add' || node.opType === 'Mul' || node.opType === 'Concat')) return inputs.map((_, i) => i);
  return [0];
}

/**
 * A Gemm or MatMul output that no int8 op reads needs no Q (nor do the absorbed Relu or data movement after it):
 * dropped, repeatedly, from the output side back.
 */
function dropUnreadOutputs(index: GraphIndex, treatments: Map<INodeProto, Treatment>, tensors: Map<string, ParamSource>): void {
  const readInt8 = (tensor: string) => index.consumersOf(tensor).some((c) => isQuantized(treatments.get(c)) || treatments.get(c)?.kind === 'absorbed');
  for (let changed = true; changed; ) {
    changed = false;
    for (const [tensor] of tensors) {
      const producer = index.producer.get(tensor);
      if (!producer || readInt8(tensor)) continue;
      const t = treatments.get(producer)!;
      const source = t.kind === 'absorbed' ? index.producer.get(producer.input![0]!) : producer;
      const optional = t.kind === 'same-scale' || FLOAT_OUTPUT_OK.has(source?.opType ?? '');
      if (!optional) continue;
      tensors.delete(tensor);
      if (t.kind !== 'weighted') treatments.set(producer, { kind: 'float', reason: null });
      changed = true;
    }
  }
}

function floatOps(treatments: Map<INodeProto, Treatment>): FloatOp[] {
  const grouped = new Map<string, FloatOp>();
  for (const [node, t] of treatments) {
    if (t.kind !== 'float' || t.reason === null) continue;
    const key = `${node.opType ?? '?'}\u0000${t.reason}`;
    const entry = grouped.get(key) ?? { op: node.opType ?? '?', count: 0, reason: t.reason };
    entry.count++;
    grouped.set(key, entry);
  }
  return [...grouped.values()];
}
