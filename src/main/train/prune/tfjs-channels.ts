/**
 * The channel graph (channel-graph.ts) of a TensorFlow.js layers model, the form the zoo's models train in. Weights
 * are named "<layer>/<weight>" ("s1b0_conv1/kernel", "stem_bn/gamma"), as tfjs names them.
 *
 * Layers known: Conv2D and SeparableConv2D (sources: their filters; a separable's depthwise part reads its input
 * channel by channel), DepthwiseConv2D (one filter per channel: it passes its channels on), BatchNormalization,
 * element-wise activations, pooling, dropout (they pass channels on), Concatenate (on the channel axis), Add,
 * Average, Multiply... (element-wise merges), Flatten of a 1 x 1 map, and Dense (reads the channels; its units are
 * the classes, never pruned). A layer of any other kind keeps whole every source whose channels reach it.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { layerConfig, modelGraph, type LayerCall } from '../../onnx/export/tf-graph';
import { batchNormScale, ChannelGraph, l1Norms, type Channels } from './channel-graph';

/** Activations that work value by value (softmax mixes the channels: it is not among them). */
const ELEMENTWISE = new Set(['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'hard_sigmoid', 'tanh', 'swish', 'softplus', 'softsign', 'mish', 'gelu']);
const PASS = new Set(['BatchNormalization', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'ThresholdedReLU', 'Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'ZeroPadding2D']);
const MERGES = new Set(['Add', 'Average', 'Multiply', 'Maximum', 'Minimum', 'Subtract']);

export interface TfjsChannels {
  graph: ChannelGraph;
  /** Source id of each Conv2D or SeparableConv2D layer, by layer name. */
  sourceOf: Map<string, number>;
}

/** The kernel (or named weight) of a layer, with its values. */
function weight(layer: tfl.layers.Layer, suffix: string): { name: string; values: Float32Array; dims: number[] } | null {
  const index = layer.weights.findIndex((w) => w.originalName.endsWith(`/${suffix}`));
  if (index < 0) return null;
  const tensor = layer.getWeights()[index]!;
  return { name: layer.weights[index]!.originalName, values: tensor.dataSync() as Float32Array, dims: tensor.shape };
}

const channelAxis = (rank: number, axis: number) => axis === -1 || axis === rank - 1;

export function tfjsChannels(model: tfl.LayersModel): TfjsChannels {
  const graph = new ChannelGraph();
  const sourceOf = new Map<string, number>();
  const channels = new Map<number, Channels>();
  const { input, output, calls } = modelGraph(model);
  channels.set(input.id, null);
  const calledTimes = new Map<string, number>();
  for (const call of calls) calledTimes.set(call.layer.name, (calledTimes.get(call.layer.name) ?? 0) + 1);
  for (const call of calls) {
    const inputs = call.inputs.map((t) => channels.get(t.id) ?? null);
    if (calledTimes.get(call.layer.name)! > 1) {
      // Shared weights: a cut fitting one call's channels would not fit the other's. Left as it is.
      for (const c of inputs) graph.keepWhole(c, `layer "${call.layer.name}" is applied more than once (shared weights)`);
      channels.set(call.output.id, null);
      continue;
    }
    channels.set(call.output.id, visit(graph, sourceOf, call, inputs));
  }
  graph.keepWhole(channels.get(output.id) ?? null, 'its channels are the model output');
  return { graph, sourceOf };
}

function visit(graph: ChannelGraph, sourceOf: Map<string, number>, call: LayerCall, inputs: Channels[]): Channels {
  const { layer } = call;
  const kind = layer.getClassName();
  const config = layerConfig(layer);
  const [x] = inputs;
  const what = `layer "${layer.name}" (${kind})`;
  switch (kind) {
    case 'Conv2D':
    case 'SeparableConv2D': {
      if (kind === 'SeparableConv2D') {
        const depthwise = weight(layer, 'depthwise_kernel')!;
        graph.cutInput(depthwise.name, 2, x ?? null);
        graph.cutInput(weight(layer, 'pointwise_kernel')!.name, 2, x ?? null, depthwise.dims[3]!);
      } else {
        graph.cutInput(weight(layer, 'kernel')!.name, 2, x ?? null);
      }
      const kernel = weight(layer, kind === 'Conv2D' ? 'kernel' : 'pointwise_kernel')!;
      const refs = graph.source(layer.name, l1Norms(kernel.values, kernel.dims, 3));
      const id = graph.sources.length - 1;
      sourceOf.set(layer.name, id);
      graph.cutOutput(kernel.name, 3, id);
      const bias = weight(layer, 'bias');
      if (bias) graph.cutOutput(bias.name, 0, id);
      return refs;
    }
    case 'DepthwiseConv2D': {
      if (Number(config.depthMultiplier ?? 1) !== 1) {
        graph.keepWhole(x ?? null, `${what} has a depth multiplier`);
        return null;
      }
      graph.cutInput(weight(layer, 'depthwise_kernel')!.name, 2, x ?? null);
      const bias = weight(layer, 'bias');
      if (bias) graph.cutInput(bias.name, 0, x ?? null);
      return x ?? null;
    }
    case 'BatchNormalization': {
      const axis = Number(config.axis ?? -1);
      if (!channelAxis(call.inputs[0]!.shape.length, axis)) {
        graph.keepWhole(x ?? null, `${what} normalises another axis than the channels`);
        return null;
      }
      for (const w of layer.weights) graph.cutInput(w.originalName, 0, x ?? null);
      const producer = call.inputs[0]!.sourceLayer;
      if (sourceOf.has(producer.name) && producer.outboundNodes.length === 1) {
        const gamma = weight(layer, 'gamma');
        graph.scaleNorms(x ?? null, batchNormScale(gamma?.values ?? null, weight(layer, 'moving_variance')!.values, Number(config.epsilon ?? 1e-3)));
      }
      return x ?? null;
    }
    case 'Activation':
      if (ELEMENTWISE.has(String(config.activation))) return x ?? null;
      graph.keepWhole(x ?? null, `${what} applies ${String(config.activation)}, which mixes channels`);
      return null;
    case 'Concatenate': {
      const rank = call.output.shape.length;
      if (channelAxis(rank, Number(config.axis ?? -1))) return graph.concat(inputs, what);
      for (const c of inputs) graph.keepWhole(c, `${what} concatenates along another axis than the channels`);
      return null;
    }
    case 'Flatten':
      // [N, 1, 1, C] -> [N, C] keeps the channels in order; a larger map interleaves them with the pixels.
      if (call.inputs[0]!.shape.slice(1, -1).every((d) => d === 1)) return x ?? null;
      graph.keepWhole(x ?? null, `${what} flattens a map larger than 1 x 1`);
      return null;
    case 'Dense':
      graph.cutInput(weight(layer, 'kernel')!.name, 0, x ?? null);
      if (call.inputs[0]!.shape.length !== 2) graph.keepWhole(x ?? null, `${what} reads a tensor of rank ${call.inputs[0]!.shape.length}`);
      return null;
    default:
      if (PASS.has(kind)) {
        if (kind === 'PReLU' && layer.weights.length) for (const w of layer.weights) graph.cutInput(w.originalName, w.shape.length - 1, x ?? null);
        return x ?? null;
      }
      if (MERGES.has(kind)) return graph.merge(inputs, what);
      for (const c of inputs) graph.keepWhole(c, `${what} is a kind of layer pruning does not know`);
      return null;
  }
}
