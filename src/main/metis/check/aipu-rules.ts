/**
 * The operator rules of the Metis AIPU, as ../shared/docs/metis.md gives them ("Operators on the AIPU"):
 *
 * - in any configuration: BatchNormalization, GlobalAveragePool, GlobalMaxPool, HardSwish, LeakyRelu, Relu, Sigmoid,
 *   Tanh;
 * - constrained: Conv (auto_pad NOTSET only; grouped/depthwise need a symmetric kernel with kh*kw < 128), Gemm
 *   (transA=0), Flatten/Squeeze (only before a Gemm or at the end), Pad (constant mode, channel padding a multiple of
 *   64), Add/Mul (same shape, [1,C,1,1] or scalar), Clip (ReLU6 or HardTanh only), Concat (4-D), and AveragePool,
 *   Slice, Split, Resize, Reshape (constraints not spelled out);
 * - Softmax, MatMul and Transpose only inside specific attention blocks (which blocks is not documented, so they are
 *   treated as not on the AIPU);
 * - anything else runs on the host at the start or end of the graph; in the middle, whether it fails the compile is
 *   not documented (placement.ts decides where each node falls).
 *
 * One addition, with its evidence: MaxPool is not in the list, but the model-zoo networks metis.md quotes
 * (ResNet-18, ResNet-10t, SqueezeNet 1.1) contain MaxPool and run on the card, so it is taken as supported.
 */
import { hasAttr, intAttr, intsAttr, stringAttr, tensorFloats, tensorInts } from '../../onnx/node-attributes';
import type { INodeProto, ITensorProto } from '../../onnx/onnx-proto';
import type { Shape } from '../../onnx/shape-inference';

export type NodeVerdict =
  | { kind: 'aipu'; note: string | null }
  /** Not documented for the AIPU: runs on the host at the start or end of the graph. */
  | { kind: 'not-aipu'; reason: string }
  /** A constrained operator outside its constraints. */
  | { kind: 'violation'; reason: string; remedy: string }
  /** A constrained operator whose constraint cannot be checked statically. */
  | { kind: 'unchecked'; reason: string };

export interface RuleContext {
  shape: (tensor: string | undefined) => Shape | null;
  initializer: (tensor: string | undefined) => ITensorProto | null;
  /** The op types reading a tensor ("Gemm"), and whether it is a graph output. */
  readers: (tensor: string) => { ops: string[]; graphOutput: boolean };
}

export const ANY_CONFIGURATION = new Set(['BatchNormalization', 'GlobalAveragePool', 'GlobalMaxPool', 'HardSwish', 'LeakyRelu', 'Relu', 'Sigmoid', 'Tanh']);
export const CONSTRAINED = new Set(['Conv', 'Gemm', 'Flatten', 'Squeeze', 'Pad', 'Add', 'Mul', 'Clip', 'AveragePool', 'Concat', 'Slice', 'Split', 'Resize', 'Reshape']);
export const ATTENTION_ONLY = new Set(['Softmax', 'MatMul', 'Transpose']);
const ZOO_EVIDENCE: Record<string, string> = {
  MaxPool: 'not in the documented operator list, but the model-zoo ResNet-18, ResNet-10t and SqueezeNet 1.1 contain MaxPool and run on the card',
};

const aipu = (note: string | null = null): NodeVerdict => ({ kind: 'aipu', note });
const violation = (reason: string, remedy: string): NodeVerdict => ({ kind: 'violation', reason, remedy });

function conv(node: INodeProto, ctx: RuleContext): NodeVerdict {
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET') return violation(`auto_pad=${autoPad}; the AIPU takes only auto_pad=NOTSET (explicit pads)`, 're-export with explicit padding (PyTorch writes explicit pads; in Keras, padding="same" exports as explicit pads with LCZ Studio\'s exporter)');
  if (intAttr(node, 'group', 1) === 1) return aipu();
  const kernel = intsAttr(node, 'kernel_shape') ?? ctx.shape(node.input?.[1])?.slice(2) ?? null;
  if (!kernel) return { kind: 'unchecked', reason: 'a grouped convolution whose kernel size cannot be read' };
  const [kh = 1, kw = 1] = kernel;
  if (kh !== kw) return violation(`a grouped convolution with a ${kh}x${kw} kernel; grouped and depthwise convolutions need a symmetric kernel`, 'use square kernels (3x3, 5x5) in grouped and depthwise convolutions');
  if (kh * kw >= 128) return violation(`a grouped convolution with a ${kh}x${kw} kernel (${kh * kw} taps); the AIPU needs kh*kw < 128`, 'use a smaller kernel (at most 11x11) in grouped and depthwise convolutions');
  return aipu();
}

function flattenOrSqueeze(node: INodeProto, ctx: RuleContext, atEnd: boolean): NodeVerdict {
  const readers = ctx.readers(node.output?.[0] ?? '');
  if (atEnd || readers.graphOutput || (readers.ops.length > 0 && readers.ops.every((op) => op === 'Gemm'))) return aipu();
  return violation(`${node.opType} feeds ${readers.ops.join(', ')}; on the AIPU it may only come right before a Gemm or at the end`, 'flatten only right before the dense (Gemm) layer, or at the very end of the network');
}

function pad(node: INodeProto, ctx: RuleContext): NodeVerdict {
  const mode = stringAttr(node, 'mode', 'constant');
  if (mode !== 'constant') return violation(`Pad mode "${mode}"; the AIPU pads in constant mode only`, 'use zero (constant) padding');
  const pads = intsAttr(node, 'pads') ?? (node.input?.[1] ? (tensorIntsOf(ctx, node.input[1]) ?? null) : null);
  const rank = ctx.shape(node.input?.[0])?.length ?? (pads ? pads.length / 2 : null);
  if (!pads || rank !== 4) return { kind: 'unchecked', reason: 'a Pad whose pads cannot be read as constants of a 4-D tensor' };
  const before = pads[1]!;
  const after = pads[1 + rank]!;
  if (before % 64 !== 0 || after % 64 !== 0) return violation(`Pad adds ${before} + ${after} channels; on the AIPU channel padding must be a multiple of 64`, 'pad only the spatial dimensions, or pad channels in multiples of 64');
  return aipu();
}

function tensorIntsOf(ctx: RuleContext, name: string): number[] | null {
  const t = ctx.initializer(name);
  return t ? tensorInts(t) : null;
}

/** Add/Mul: same shape, per channel [1,C,1,1] (or [C,1,1]), or a scalar. */
function elementwise(node: INodeProto, ctx: RuleContext): NodeVerdict {
  const [a, b] = [ctx.shape(node.input?.[0]), ctx.shape(node.input?.[1])];
  if (!a || !b) return { kind: 'unchecked', reason: `an ${node.opType} whose input shapes cannot be told` };
  const same = a.length === b.length && a.every((d, i) => d === b[i]);
  const size = (s: Shape) => s.reduce((x, y) => x * y, 1);
  const perChannel = (s: Shape, full: Shape) => full.length === 4 && size(s) === full[1] && (s.length === 4 ? s[1] === full[1] : s.length === 3 && s[0] === full[1]);
  if (same || size(a) === 1 || size(b) === 1 || perChannel(b, a) || perChannel(a, b)) return aipu();
  return violation(`${node.opType} of shapes [${a.join(', ')}] and [${b.join(', ')}]; the AIPU adds and multiplies same shapes, [1,C,1,1] or scalars`, 'reshape the smaller operand to [1, C, 1, 1] or make both the same shape');
}

function clip(node: INodeProto, ctx: RuleContext): NodeVerdict {
  const bound = (input: number, attr: string): number | null => {
    if (hasAttr(node, attr)) return node.attribute!.find((x) => x.name === attr)!.f ?? null; // opset < 11
    const t = node.input?.[input] ? ctx.initializer(node.input[input]) : null;
    return t ? (tensorFloats(t)?.[0] ?? null) : null;
  };
  const [lo, hi] = [bound(1, 'min'), bound(2, 'max')];
  if ((lo === 0 && hi === 6) || (lo === -1 && hi === 1)) return aipu(lo === 0 ? 'ReLU6' : 'HardTanh');
  return violation(`Clip to [${lo ?? 'none'}, ${hi ?? 'none'}]; the AIPU runs Clip only as ReLU6 [0, 6] or HardTanh [-1, 1]`, 'use ReLU6 or ReLU instead of a custom clipping range');
}

/** The verdict on one node. `atEnd`: only host-side nodes follow it (set by placement.ts in its second pass). */
export function aipuVerdict(node: INodeProto, ctx: RuleContext, atEnd = false): NodeVerdict {
  const op = node.opType ?? '';
  if (node.domain && node.domain !== 'ai.onnx') return { kind: 'not-aipu', reason: `${op} of domain ${node.domain} is not an ONNX operator` };
  if (ANY_CONFIGURATION.has(op)) return aipu();
  if (ZOO_EVIDENCE[op]) return aipu(ZOO_EVIDENCE[op]);
  switch (op) {
    case 'Conv':
      return conv(node, ctx);
    case 'Gemm':
      return intAttr(node, 'transA', 0) === 0 ? aipu() : violation('Gemm with transA=1; the AIPU takes transA=0 only', 're-export the dense layer without transposing its input');
    case 'Flatten':
    case 'Squeeze':
      return flattenOrSqueeze(node, ctx, atEnd);
    case 'Pad':
      return pad(node, ctx);
    case 'Add':
    case 'Mul':
      return elementwise(node, ctx);
    case 'Clip':
      return clip(node, ctx);
    case 'Concat': {
      const rank = ctx.shape(node.output?.[0])?.length;
      if (rank === undefined) return { kind: 'unchecked', reason: 'a Concat whose rank cannot be told' };
      return rank === 4 ? aipu() : violation(`Concat of ${rank}-D tensors; the AIPU concatenates 4-D tensors`, 'concatenate feature maps (4-D) only, or move the concatenation to the end');
    }
  }
  if (CONSTRAINED.has(op)) return aipu('constrained on the AIPU; metis.md does not spell out how');
  if (ATTENTION_ONLY.has(op)) return { kind: 'not-aipu', reason: `${op} runs on the AIPU only inside specific attention blocks` };
  return { kind: 'not-aipu', reason: `${op} is not in the AIPU's documented operators` };
}
