/**
 * Folds each inference BatchNormalization that follows a Conv into that Conv's weights and bias, the float
 * pre-processing onnxruntime.quantization asks for too: a BatchNormalization left between Conv and its Relu would
 * stay in float and stop ONNX Runtime from fusing the Conv into QLinearConv. LCZ Studio's own exports keep Conv and
 * BatchNormalization apart (as TensorFlow.js layers hold them); PyTorch exports in eval mode have them folded already.
 *
 *   y = gamma (conv(x, W) + b - mean) / sqrt(var + eps) + beta
 *     = conv(x, W * s) + (b - mean) * s + beta,  s = gamma / sqrt(var + eps), per output channel.
 *
 * Computed in float64 and stored as float32. A BatchNormalization that cannot be folded (after anything but a Conv
 * with constant weights, or whose Conv output is also read elsewhere) is left as it is: the plan reports it in float.
 */
import { DataType, type GraphProto, type INodeProto } from '../onnx-proto';
import { floatAttr } from '../node-attributes';
import { GraphIndex } from './graph-index';
import { floatValues, makeTensor } from './tensor-data';

/** Rewrites `graph` in place; returns how many BatchNormalizations were folded. */
export function foldBatchNorms(graph: GraphProto): number {
  const index = new GraphIndex(graph);
  // Each pair has its own Conv and BatchNormalization, so folding one leaves the others foldable.
  const pairs = graph.node.map((bn) => foldable(index, bn)).filter((p) => p !== null);
  for (const { conv, bn } of pairs) fold(index, conv, bn);
  if (pairs.length > 0) removeUnused(graph);
  return pairs.length;
}

function foldable(index: GraphIndex, bn: INodeProto): { conv: INodeProto; bn: INodeProto } | null {
  if (bn.opType !== 'BatchNormalization' || (bn.output ?? []).filter(Boolean).length !== 1) return null;
  const x = bn.input?.[0] ?? '';
  const conv = index.producer.get(x);
  if (conv?.opType !== 'Conv' || index.consumersOf(x).length !== 1 || index.outputs.has(x)) return null;
  const constants = [conv.input?.[1], conv.input?.[2], ...(bn.input ?? []).slice(1)].filter((name): name is string => !!name);
  if (!constants.every((name) => index.initializers.get(name)?.dataType === DataType.FLOAT)) return null;
  if ((bn.input ?? []).length !== 5) return null;
  return { conv, bn };
}

function fold(index: GraphIndex, conv: INodeProto, bn: INodeProto): void {
  const value = (name: string) => floatValues(index.initializers.get(name)!)!;
  const w = value(conv.input![1]!);
  const [gamma, beta, mean, variance] = bn.input!.slice(1).map((name) => value(name).data);
  const channels = w.dims[0]!;
  const bias = conv.input?.[2] ? value(conv.input[2]).data : new Float32Array(channels);
  const eps = floatAttr(bn, 'epsilon', 1e-5);
  const perChannel = w.data.length / channels;
  const weights = new Float32Array(w.data.length);
  const newBias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = gamma![c]! / Math.sqrt(variance![c]! + eps);
    for (let k = c * perChannel; k < (c + 1) * perChannel; k++) weights[k] = w.data[k]! * s;
    newBias[c] = (bias[c]! - mean![c]!) * s + beta![c]!;
  }
  // New initializers: the old ones may be read by other nodes.
  const wName = index.fresh(`${conv.input![1]}_bn_folded`);
  const bName = index.fresh(`${conv.output![0]}_bias_bn_folded`);
  index.graph.initializer.push(makeTensor(wName, 'float32', weights, w.dims), makeTensor(bName, 'float32', newBias, [channels]));
  conv.input = [conv.input![0]!, wName, bName];
  conv.output = [bn.output![0]!];
  index.graph.node.splice(index.graph.node.indexOf(bn), 1);
}

/** Drops initializers no node reads any more (the BatchNormalization's parameters, the unfolded weights). */
export function removeUnused(graph: GraphProto): void {
  const read = new Set(graph.node.flatMap((n) => n.input ?? []));
  const dropped = new Set(graph.initializer.map((t) => t.name ?? '').filter((name) => !read.has(name)));
  graph.initializer = graph.initializer.filter((t) => !dropped.has(t.name ?? ''));
  // Old exporters list initializers among the graph's inputs too: those entries go with them.
  graph.input = graph.input.filter((i) => !dropped.has(i.name ?? ''));
}
