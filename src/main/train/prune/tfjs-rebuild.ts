/**
 * The smaller TensorFlow.js model: the same architecture from its own configuration, with fewer filters in the
 * pruned convolutions, and every weight cut to the channels that remain (the pruned filters' kernels and biases,
 * the batch-norm entries and depthwise filters of their channels, the next layers' input rows). Built from the
 * model's configuration rather than the zoo's builder, so any model of the known layers can be rebuilt, however
 * its widths came to be.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { keptPositions, take, type Cut, type Kept } from './channel-graph';
import type { TfjsChannels } from './tfjs-channels';

interface LayerJson {
  class_name: string;
  config: { name: string; filters?: number } & Record<string, unknown>;
}

export async function rebuildPruned(model: tfl.LayersModel, channels: TfjsChannels, kept: Kept): Promise<tfl.LayersModel> {
  const topology = model.toJSON(null, false) as unknown as { config: { layers: LayerJson[] } };
  for (const layer of topology.config.layers) {
    const source = channels.sourceOf.get(layer.config.name);
    const keep = source === undefined ? undefined : kept.get(source);
    if (keep) layer.config.filters = keep.length;
  }
  const pruned = await tfl.models.modelFromJSON({ modelTopology: topology } as unknown as Parameters<typeof tfl.models.modelFromJSON>[0]);
  const cuts = new Map<string, Cut[]>();
  for (const cut of channels.graph.cuts) cuts.set(cut.weight, [...(cuts.get(cut.weight) ?? []), cut]);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.getWeights();
    const cutValues = tf.tidy(() =>
      layer.weights.map((w, i) => {
        let t = { values: values[i]!.dataSync() as Float32Array, dims: [...values[i]!.shape] };
        for (const cut of cuts.get(w.originalName) ?? []) t = take(t.values, t.dims, cut.axis, keptPositions(cut, kept));
        return tf.tensor(t.values, t.dims);
      }),
    );
    pruned.getLayer(layer.name).setWeights(cutValues);
    tf.dispose(cutValues);
  }
  return pruned;
}
