/**
 * Mean-activation compensation for pruning without fine-tuning. A removed channel did not carry nothing: after its
 * batch norm and ReLU it often carries a large, nearly constant value, which the next layer read and summed into its
 * outputs. Removing the channel takes that away, and an untrained network loses most of its accuracy for it. So each
 * layer that read a removed channel gets, added to its bias, what the channel contributed on average: the channel's
 * mean activation (measured on patches of the data) times the weights that read it. (Near the borders of a padded
 * convolution the channel contributed a little less: the mean is an approximation there, as it is of any channel
 * that varies.)
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { floatAttr } from '../../onnx/node-attributes';
import type { GraphProto, ModelProto } from '../../onnx/onnx-proto';
import { calibrationGraph } from '../../onnx/quantize/calibration-graph';
import type { CalibrationPatches } from '../../onnx/quantize/calibration-data';
import { floatValues, makeTensor } from '../../onnx/quantize/tensor-data';
import type { Kept } from './channel-graph';
import type { ChannelReader } from './onnx-channels';

/** Per-channel (axis 1) means of tensors of the model over the patches. */
export async function channelMeans(model: ModelProto, tensors: readonly string[], patches: CalibrationPatches, inputName: string, threads: number): Promise<Map<string, Float64Array>> {
  const session = await InferenceSession.create(calibrationGraph(model, tensors, inputName), { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
  const sums = new Map<string, { sum: Float64Array; count: number }>();
  try {
    const perPatch = patches.patchDims.reduce((a, b) => a * b, 1);
    for await (const batch of patches.batches()) {
      const n = batch.length / perPatch;
      const outputs = await session.run({ [inputName]: new Tensor('float32', batch, [n, ...patches.patchDims]) }, [...tensors]);
      for (const name of tensors) {
        const t = outputs[name]!;
        const values = t.data as Float32Array;
        const channels = t.dims[1]!;
        const inner = t.dims.slice(2).reduce((a, b) => a * b, 1);
        const entry = sums.get(name) ?? { sum: new Float64Array(channels), count: 0 };
        for (let i = 0; i < values.length; i++) entry.sum[Math.floor(i / inner) % channels]! += values[i]!;
        entry.count += t.dims[0]! * inner;
        sums.set(name, entry);
      }
    }
  } finally {
    await session.release();
  }
  return new Map([...sums].map(([name, { sum, count }]) => [name, sum.map((s) => s / Math.max(1, count))]));
}

/** The tensors whose means compensation needs: those read by a layer that loses input channels. */
export function tensorsToMeasure(readers: readonly ChannelReader[], kept: Kept): string[] {
  return [...new Set(readers.filter((r) => removedPositions(r, kept).length > 0).map((r) => r.tensor))];
}

function removedPositions(reader: ChannelReader, kept: Kept): number[] {
  const out: number[] = [];
  reader.channels.forEach((ref, p) => {
    const keep = kept.get(ref.source);
    if (keep && !keep.includes(ref.index)) out.push(p);
  });
  return out;
}

/** What each reader's outputs lose, per output (in the uncut graph): computed before the weights are cut. */
export function lostContributions(graph: GraphProto, readers: readonly ChannelReader[], kept: Kept, means: ReadonlyMap<string, Float64Array>): Map<ChannelReader, Float64Array> {
  const out = new Map<ChannelReader, Float64Array>();
  const initializers = new Map(graph.initializer.map((t) => [t.name ?? '', t]));
  for (const reader of readers) {
    const removed = removedPositions(reader, kept);
    const mean = means.get(reader.tensor);
    if (removed.length === 0 || !mean) continue;
    const w = floatValues(initializers.get(reader.weight)!)!;
    const outputs = w.dims[reader.outputAxis]!;
    const strides = w.dims.map((_, axis) => w.dims.slice(axis + 1).reduce((a, b) => a * b, 1));
    const lost = new Float64Array(outputs);
    const isRemoved = new Uint8Array(w.dims[reader.inputAxis]!);
    for (const p of removed) isRemoved[p] = 1;
    for (let i = 0; i < w.data.length; i++) {
      const p = Math.floor(i / strides[reader.inputAxis]!) % w.dims[reader.inputAxis]!;
      if (!isRemoved[p]) continue;
      lost[Math.floor(i / strides[reader.outputAxis]!) % outputs]! += mean[p]! * w.data[i]!;
    }
    // Gemm: Y = alpha A B + beta C, so C makes up alpha / beta of what A B lost.
    const scale = reader.node.opType === 'Gemm' ? floatAttr(reader.node, 'alpha', 1) / floatAttr(reader.node, 'beta', 1) : 1;
    out.set(reader, lost.map((v) => v * scale));
  }
  return out;
}

/** Adds what was lost to each reader's bias (cut to its kept outputs), making a bias where it had none. */
export function addToBiases(graph: GraphProto, lost: ReadonlyMap<ChannelReader, Float64Array>, kept: Kept): void {
  for (const [reader, values] of lost) {
    const keep = reader.outputSource === null ? null : kept.get(reader.outputSource);
    const delta = keep ? keep.map((o) => values[o]!) : Array.from(values);
    const name = reader.node.input?.[2];
    const index = name ? graph.initializer.findIndex((t) => t.name === name) : -1;
    if (index >= 0) {
      const bias = floatValues(graph.initializer[index]!)!;
      if (bias.data.length !== delta.length) continue; // a broadcast bias of another shape: left as it is
      graph.initializer[index] = makeTensor(name!, 'float32', bias.data.map((b, i) => b + delta[i]!), bias.dims);
    } else {
      const fresh = `${reader.node.name || reader.weight}_pruning_compensation`;
      graph.initializer.push(makeTensor(fresh, 'float32', delta, [delta.length]));
      reader.node.input = [reader.node.input![0]!, reader.node.input![1]!, fresh];
    }
  }
}
