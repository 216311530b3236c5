/**
 * Structured pruning of an ONNX graph, for bundles with no training checkpoint (imported from PyTorch or elsewhere):
 * the channel graph (channel-graph.ts) read off the nodes, then the initializers cut. The graph keeps its nodes; only
 * weights shrink, so what ONNX Runtime runs is the same network with fewer channels. Without a checkpoint there is
 * no fine-tuning: the caller says so.
 *
 * Nodes known (NCHW, channels on axis 1): Conv (group 1: a source; depthwise: passes its channels), BatchNormalization,
 * element-wise activations, pooling, Dropout and Identity (pass), Flatten/Reshape/Squeeze of an N x C x 1 x 1 map,
 * Concat on the channel axis, element-wise merges of two tensors (Add, Mul...), and Gemm/MatMul heads (their input
 * rows are cut). Any other node keeps whole every convolution whose channels reach it, and the report says which.
 */
import { floatAttr, intAttr, nodeLabel } from '../../onnx/node-attributes';
import { decodedGraph, type GraphProto, type INodeProto, type ModelProto } from '../../onnx/onnx-proto';
import { GraphIndex } from '../../onnx/quantize/graph-index';
import { floatValues, makeTensor } from '../../onnx/quantize/tensor-data';
import { inferShapes } from '../../onnx/shape-inference';
import { batchNormScale, ChannelGraph, keptPositions, l1Norms, take, type ChannelRef, type Channels, type Cut, type Kept } from './channel-graph';

const PASS = new Set(['Relu', 'Clip', 'LeakyRelu', 'Sigmoid', 'Tanh', 'HardSigmoid', 'HardSwish', 'Elu', 'Selu', 'Softplus', 'Softsign', 'Mish', 'Identity', 'Dropout', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'LpPool', 'GlobalLpPool']);
const MERGES = new Set(['Add', 'Sub', 'Mul', 'Div', 'Sum', 'Max', 'Min', 'Mean']);
const TO_VECTOR = new Set(['Flatten', 'Reshape', 'Squeeze']);

/** A node that reads pruned channels through a weight (a Conv, a Gemm), with what it reads: what compensation needs. */
export interface ChannelReader {
  node: INodeProto;
  /** The tensor whose channels it reads. */
  tensor: string;
  weight: string;
  /** Axes of the weight along the channels read and along the node's outputs. */
  inputAxis: number;
  outputAxis: number;
  channels: readonly ChannelRef[];
  /** The source of its own filters when they are prunable too (a Conv), else null. */
  outputSource: number | null;
}

export interface OnnxChannels {
  graph: ChannelGraph;
  readers: ChannelReader[];
  /** Depthwise convolutions and the channels they filter: their group is their channel count, cut with them. */
  depthwise: { node: INodeProto; channels: readonly ChannelRef[] }[];
}

export function onnxChannels(model: ModelProto): OnnxChannels {
  const graph = decodedGraph(model);
  const index = new GraphIndex(graph);
  const shapes = inferShapes(graph, { batch: 1 });
  const channels = new Map<string, Channels>();
  const cg = new ChannelGraph();
  const readers: ChannelReader[] = [];
  const depthwise: OnnxChannels['depthwise'] = [];
  const of = (name: string | null | undefined): Channels => (name ? (channels.get(name) ?? null) : null);
  const constant = (name: string | null | undefined) => (name && index.isConstant(name) ? floatValues(index.initializers.get(name)!) : null);
  /** Cuts a weight by the channels it reads, unless another node reads it too (then those channels stay). */
  const cutReading = (weight: string, axis: number, x: Channels, what: string) => {
    if (index.consumersOf(weight).length > 1) cg.keepWhole(x, `${what} shares its weights with another node`);
    else cg.cutInput(weight, axis, x);
  };

  for (const node of graph.node) {
    const op = node.opType ?? '';
    const what = nodeLabel(node);
    const inputs = (node.input ?? []).filter((name) => name && !index.isConstant(name));
    const x = of(node.input?.[0]);
    const keepAll = (why: string): Channels => {
      for (const name of inputs) cg.keepWhole(of(name), why);
      return null;
    };
    let out: Channels;
    if (op === 'Conv') {
      const w = constant(node.input?.[1]);
      const group = intAttr(node, 'group', 1);
      if (!w) out = keepAll(`${what} takes its weights from another tensor, not constants`);
      else if (group === 1) {
        out = convSource(cg, index, node, w, x, what, cutReading);
        if (x && index.consumersOf(node.input![1]!).length === 1) readers.push({ node, tensor: node.input![0]!, weight: node.input![1]!, inputAxis: 1, outputAxis: 0, channels: x, outputSource: cg.sources.length - 1 });
      }
      else if (w.dims[1] === 1 && w.dims[0] === group && x?.length === group) {
        // Depthwise: one filter per channel, so its filters follow the channels it reads.
        cutReading(node.input![1]!, 0, x, what);
        if (node.input?.[2]) cutReading(node.input[2], 0, x, what);
        depthwise.push({ node, channels: x });
        out = x;
      } else out = keepAll(`${what} is a grouped convolution`);
    } else if (op === 'BatchNormalization') {
      const params = (node.input ?? []).slice(1);
      if (params.length !== 4 || !params.every((p) => constant(p))) out = keepAll(`${what} takes its statistics from other tensors`);
      else {
        for (const p of params) cutReading(p, 0, x, what);
        const input = node.input![0]!;
        const producer = index.producer.get(input);
        if (producer?.opType === 'Conv' && intAttr(producer, 'group', 1) === 1 && index.consumersOf(input).length === 1) {
          cg.scaleNorms(x, batchNormScale(constant(params[0])!.data, constant(params[3])!.data, floatAttr(node, 'epsilon', 1e-5)));
        }
        out = x;
      }
    } else if (PASS.has(op)) {
      out = x;
    } else if (op === 'PRelu') {
      const slope = constant(node.input?.[1]);
      if (slope && x && slope.dims[0] === x.length) {
        cutReading(node.input![1]!, 0, x, what);
        out = x;
      } else out = keepAll(`${what} has a slope that is not one per channel`);
    } else if (TO_VECTOR.has(op)) {
      // N x C x 1 x 1 -> N x C keeps the channels in order; a larger map interleaves them with the pixels.
      const inShape = shapes.get(node.input?.[0] ?? '');
      const outShape = shapes.get(node.output?.[0] ?? '');
      out = inShape && outShape && outShape.length === 2 && inShape.slice(2).every((d) => d === 1) ? x : keepAll(`${what} turns a map larger than 1 x 1 (or of unknown size) into a vector`);
    } else if (op === 'Gemm' || op === 'MatMul') {
      const b = constant(node.input?.[1]);
      const rank = shapes.get(node.input?.[0] ?? '')?.length;
      if (!b || b.dims.length !== 2 || rank !== 2 || (op === 'Gemm' && intAttr(node, 'transA', 0) !== 0)) keepAll(`${what} reads its input in a way pruning does not follow`);
      else {
        const axis = op === 'Gemm' && intAttr(node, 'transB', 0) ? 1 : 0;
        cutReading(node.input![1]!, axis, x, what);
        if (op === 'Gemm' && x && index.consumersOf(node.input![1]!).length === 1) readers.push({ node, tensor: node.input![0]!, weight: node.input![1]!, inputAxis: axis, outputAxis: 1 - axis, channels: x, outputSource: null });
      }
      out = null; // its outputs (the classes) are never pruned
    } else if (MERGES.has(op)) {
      const constants = (node.input ?? []).some((name) => name && index.isConstant(name));
      out = constants ? keepAll(`${what} combines the channels with constants`) : cg.merge(inputs.map(of), what);
    } else if (op === 'Concat') {
      const rank = shapes.get(node.output?.[0] ?? '')?.length ?? 0;
      const axis = intAttr(node, 'axis', 1);
      out = rank >= 2 && (axis === 1 || axis === 1 - rank) ? cg.concat(inputs.map(of), what) : keepAll(`${what} concatenates along another axis than the channels`);
    } else {
      out = keepAll(`${what} is an operator pruning does not know`);
    }
    for (const name of node.output ?? []) if (name) channels.set(name, out);
  }
  for (const o of graph.output) cg.keepWhole(of(o.name), 'its channels are the model output');
  return { graph: cg, readers, depthwise };
}

function convSource(cg: ChannelGraph, index: GraphIndex, node: INodeProto, w: { data: Float32Array; dims: number[] }, x: Channels, what: string, cutReading: (weight: string, axis: number, x: Channels, what: string) => void): Channels {
  const weight = node.input![1]!;
  const bias = node.input?.[2];
  cutReading(weight, 1, x, what);
  const shared = [weight, bias].some((name) => name && index.consumersOf(name).length > 1);
  const refs = cg.source(node.name || node.output![0]!, l1Norms(w.data, w.dims, 0), shared ? `${what} shares its weights with another node` : null);
  const id = cg.sources.length - 1;
  if (!shared) {
    cg.cutOutput(weight, 0, id);
    if (bias) cg.cutOutput(bias, 0, id);
  }
  return refs;
}

/** Cuts the graph in place: its initializers, and the group of its depthwise convolutions (one per channel left). */
export function cutGraph(graph: GraphProto, channels: OnnxChannels, kept: Kept): void {
  cutInitializers(graph, channels.graph.cuts, kept);
  for (const { node, channels: read } of channels.depthwise) {
    const left = keptPositions({ weight: '', axis: 0, input: read }, kept)?.length ?? read.length;
    const group = node.attribute?.find((a) => a.name === 'group');
    if (group) group.i = left;
  }
}

/** Cuts the graph's initializers in place. The intermediate shapes it declares no longer hold: they are dropped. */
function cutInitializers(graph: GraphProto, cuts: readonly Cut[], kept: Kept): void {
  const byWeight = new Map<string, Cut[]>();
  for (const cut of cuts) byWeight.set(cut.weight, [...(byWeight.get(cut.weight) ?? []), cut]);
  graph.initializer = graph.initializer.map((t) => {
    const list = byWeight.get(t.name ?? '');
    if (!list) return t;
    const original = floatValues(t)!;
    let cut = { values: original.data, dims: original.dims };
    for (const c of list) cut = take(cut.values, cut.dims, c.axis, keptPositions(c, kept));
    // Old exporters list initializers among the inputs too, with their shapes.
    for (const input of graph.input) {
      if (input.name !== t.name) continue;
      const dims = input.type?.tensorType?.shape?.dim;
      if (dims) dims.forEach((d, i) => (d.dimValue = cut.dims[i]!));
    }
    return makeTensor(t.name ?? '', 'float32', cut.values, cut.dims);
  });
  graph.valueInfo = [];
}
