/**
 * Output shapes of the ONNX operators image classifiers are made of, from their input shapes and attributes, as the
 * ONNX operator specification defines them (opsets 11-17). Only static shapes: a rule returns null when it cannot
 * tell (an unknown op, a shape computed at run time), and shape-inference.ts then leaves that tensor unknown.
 */
import { hasAttr, intAttr, intsAttr, stringAttr } from './node-attributes';
import type { INodeProto } from './onnx-proto';

export type Shape = number[];

export interface RuleInput {
  node: INodeProto;
  /** Shapes of the node's inputs in order; null when unknown or the input is omitted. */
  inputs: (Shape | null)[];
  /** Integer constants by tensor name (shapes, axes, pads passed as inputs). */
  ints: (name: string | undefined) => number[] | null;
}

const SAME_SHAPE = new Set([
  'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'HardSwish', 'HardSigmoid', 'Clip', 'Elu', 'Selu', 'Softplus', 'Softsign', 'Exp',
  'Log', 'Sqrt', 'Abs', 'Neg', 'Identity', 'Dropout', 'Softmax', 'LogSoftmax', 'Erf', 'Gelu', 'Mish', 'PRelu', 'Cast',
  'Floor', 'Ceil', 'Round', 'Reciprocal', 'LRN', 'BatchNormalization', 'InstanceNormalization', 'LayerNormalization',
  'QuantizeLinear', 'DequantizeLinear', 'Celu', 'ThresholdedRelu', 'Sign', 'Not',
]);
const BROADCAST = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Equal', 'Greater', 'Less', 'And', 'Or', 'Where']);
const POOLS = new Set(['MaxPool', 'AveragePool', 'LpPool']);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSumExp', 'ReduceSumSquare']);

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** NumPy broadcasting of several shapes; null when they do not broadcast. */
export function broadcast(shapes: readonly Shape[]): Shape | null {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (dim !== 1 && dim !== d) return null;
      dim = d;
    }
    out.push(dim);
  }
  return out;
}

/** Spatial output sizes of a convolution or pooling window (the spec's formulas for auto_pad and ceil_mode). */
export function windowOutput(node: INodeProto, input: Shape, kernel: readonly number[]): Shape | null {
  const spatial = input.slice(2);
  if (kernel.length !== spatial.length) return null;
  const strides = intsAttr(node, 'strides') ?? kernel.map(() => 1);
  const dilations = intsAttr(node, 'dilations') ?? kernel.map(() => 1);
  const pads = intsAttr(node, 'pads') ?? kernel.flatMap(() => [0, 0]);
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  const ceil = intAttr(node, 'ceil_mode', 0) === 1;
  return spatial.map((size, i) => {
    const extent = dilations[i]! * (kernel[i]! - 1) + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / strides[i]!);
    if (autoPad === 'VALID') return Math.floor((size - extent) / strides[i]!) + 1;
    const padded = size + pads[i]! + pads[i + kernel.length]! - extent;
    return (ceil ? Math.ceil(padded / strides[i]!) : Math.floor(padded / strides[i]!)) + 1;
  });
}

function reshape(input: Shape, wanted: readonly number[], allowZero: boolean): Shape | null {
  const out = wanted.map((d, i) => (d === 0 && !allowZero ? input[i]! : d));
  const unknown = out.indexOf(-1);
  if (unknown >= 0) {
    const known = product(out.filter((_, i) => i !== unknown));
    if (known === 0 || product(input) % known !== 0) return null;
    out[unknown] = product(input) / known;
  }
  return product(out) === product(input) ? out : null;
}

/** Axes from the attribute (older opsets) or the second input (newer ones). */
function axesOf({ node, ints }: RuleInput, inputIndex: number): number[] | null {
  return intsAttr(node, 'axes') ?? ints(node.input?.[inputIndex]);
}

function matmul(a: Shape, b: Shape): Shape | null {
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  if (a2.at(-1) !== b2.at(-2)) return null;
  const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
  if (!batch) return null;
  const out = [...batch, a2.at(-2)!, b2.at(-1)!];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.splice(out.length - 1, 1);
  return out;
}

/** Output shapes of one node, or null when they cannot be told statically. */
export function outputShapes(r: RuleInput): (Shape | null)[] | null {
  const { node, inputs, ints } = r;
  const op = node.opType ?? '';
  const x = inputs[0] ?? null;
  if (SAME_SHAPE.has(op)) return x ? [x] : null;
  if (BROADCAST.has(op)) {
    const known = inputs.filter((s): s is Shape => s !== null);
    return known.length === inputs.filter((_, i) => node.input?.[i]).length ? [broadcast(known)] : null;
  }
  if (!x) return null;
  if (op === 'Conv') {
    const w = inputs[1];
    if (!w) return null;
    const spatial = windowOutput(node, x, intsAttr(node, 'kernel_shape') ?? w.slice(2));
    return spatial ? [[x[0]!, w[0]!, ...spatial]] : null;
  }
  if (POOLS.has(op)) {
    const kernel = intsAttr(node, 'kernel_shape');
    const spatial = kernel ? windowOutput(node, x, kernel) : null;
    return spatial ? [[x[0]!, x[1]!, ...spatial]] : null;
  }
  if (op === 'GlobalAveragePool' || op === 'GlobalMaxPool') return [[x[0]!, x[1]!, ...x.slice(2).map(() => 1)]];
  if (op === 'Flatten') {
    const axis = axisOf(intAttr(node, 'axis', 1), x.length);
    return [[product(x.slice(0, axis)), product(x.slice(axis))]];
  }
  if (op === 'Gemm') {
    const b = inputs[1];
    if (!b || x.length !== 2 || b.length !== 2) return null;
    const m = intAttr(node, 'transA', 0) ? x[1]! : x[0]!;
    const n = intAttr(node, 'transB', 0) ? b[0]! : b[1]!;
    return [[m, n]];
  }
  if (op === 'MatMul') return inputs[1] ? [matmul(x, inputs[1])] : null;
  if (op === 'Concat') {
    const all = inputs.filter((s): s is Shape => s !== null);
    if (all.length !== inputs.length) return null;
    const axis = axisOf(intAttr(node, 'axis', 1), x.length);
    return [x.map((d, i) => (i === axis ? all.reduce((sum, s) => sum + s[i]!, 0) : d))];
  }
  if (op === 'Transpose') {
    const perm = intsAttr(node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
    return [perm.map((p) => x[p]!)];
  }
  if (op === 'Reshape') {
    const wanted = ints(node.input?.[1]);
    return wanted ? [reshape(x, wanted, intAttr(node, 'allowzero', 0) === 1)] : null;
  }
  if (op === 'Squeeze') {
    const axes = hasAttr(node, 'axes') || node.input?.[1] ? axesOf(r, 1) : null;
    if (axes === null && (hasAttr(node, 'axes') || node.input?.[1])) return null;
    const drop = new Set((axes ?? x.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => axisOf(a, x.length)));
    return [x.filter((_, i) => !drop.has(i))];
  }
  if (op === 'Unsqueeze') {
    const axes = axesOf(r, 1);
    if (!axes) return null;
    const rank = x.length + axes.length;
    const at = new Set(axes.map((a) => axisOf(a, rank)));
    const out: Shape = [];
    let k = 0;
    for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : x[k++]!);
    return [out];
  }
  if (op === 'Pad') {
    const pads = intsAttr(node, 'pads') ?? ints(node.input?.[1]);
    if (!pads || pads.length !== 2 * x.length || node.input?.[3]) return null; // opset 18 axes: not handled
    return [x.map((d, i) => d + pads[i]! + pads[i + x.length]!)];
  }
  if (REDUCE.has(op)) {
    const axes = (hasAttr(node, 'axes') || node.input?.[1] ? axesOf(r, 1) : x.map((_, i) => i))?.map((a) => axisOf(a, x.length));
    if (!axes) return null;
    const keep = intAttr(node, 'keepdims', 1) === 1;
    return [x.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]))];
  }
  if (op === 'Slice') {
    const starts = ints(node.input?.[1]);
    const ends = ints(node.input?.[2]);
    if (!starts || !ends) return null;
    const axes = node.input?.[3] ? ints(node.input[3]) : starts.map((_, i) => i);
    const steps = node.input?.[4] ? ints(node.input[4]) : starts.map(() => 1);
    if (!axes || !steps) return null;
    const out = [...x];
    axes.forEach((a, i) => {
      const axis = axisOf(a, x.length);
      const size = x[axis]!;
      const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + size : v, lo), hi);
      const step = steps[i]!;
      const s = clamp(starts[i]!, 0, step > 0 ? size : size - 1);
      const e = clamp(ends[i]!, step > 0 ? 0 : -1, size);
      out[axis] = Math.max(0, Math.ceil((e - s) / step));
    });
    return [out];
  }
  if (op === 'Split') {
    const axis = axisOf(intAttr(node, 'axis', 0), x.length);
    const count = (node.output ?? []).length;
    const split = intsAttr(node, 'split') ?? (node.input?.[1] ? ints(node.input[1]) : null);
    const sizes = split ?? (x[axis]! % count === 0 ? Array.from({ length: count }, () => x[axis]! / count) : null);
    return sizes ? sizes.map((s) => x.map((d, i) => (i === axis ? s : d))) : null;
  }
  return null;
}
