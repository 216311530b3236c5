// Structured pruning of the zoo's TensorFlow.js models: which convolutions may lose filters, and the rebuilt model
// computes exactly what the original computes once the removed channels are silenced (their rows in the next layers
// set to zero): an independent check of every weight cut.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Kept } from '../../../src/main/train/prune/channel-graph';
import { chooseFilters } from '../../../src/main/train/prune/filter-choice';
import { tfjsChannels } from '../../../src/main/train/prune/tfjs-channels';
import { rebuildPruned } from '../../../src/main/train/prune/tfjs-rebuild';
import { ARCH_IDS, createModel, type ArchId } from '../../../src/main/train/zoo';
import { predict, randomiseBatchNorms, randomPatches, tf, useCpuBackend } from '../zoo/tf-test-utils';

const TEST_WIDTH: Record<ArchId, number> = { resnet18: 0.125, 'sen2lcz-net': 0.25, densenet: 0.25, mobilenet: 0.125, 'tiny-separable': 1, 'tiny-cnn': 1 };

beforeAll(useCpuBackend);

/** The original with every removed channel's rows zeroed in the layers that read it: what the pruned model computes. */
function silenced(model: tfl.LayersModel, cuts: ReturnType<typeof tfjsChannels>['graph']['cuts'], kept: Kept): void {
  for (const layer of model.layers) {
    const values = layer.getWeights();
    let changed = false;
    const out = layer.weights.map((w, i) => {
      const reads = cuts.filter((c) => c.weight === w.originalName && 'input' in c && layer.getClassName() !== 'BatchNormalization' && layer.getClassName() !== 'DepthwiseConv2D');
      if (reads.length === 0) return values[i]!;
      const data = Float32Array.from(values[i]!.dataSync());
      const dims = values[i]!.shape;
      for (const cut of reads) {
        // The rows of removed channels, found here from the cut's channel list (not with the code under test).
        const removed = new Set<number>();
        const repeat = 'input' in cut ? (cut.repeat ?? 1) : 1;
        ('input' in cut ? cut.input! : []).forEach((ref, i) => {
          if (kept.get(ref.source) && !kept.get(ref.source)!.includes(ref.index)) for (let r = 0; r < repeat; r++) removed.add(i * repeat + r);
        });
        if (removed.size === 0) continue;
        const inner = dims.slice(cut.axis + 1).reduce((a, b) => a * b, 1);
        for (let k = 0; k < data.length; k++) if (removed.has(Math.floor(k / inner) % dims[cut.axis]!)) data[k] = 0;
      }
      changed = true;
      return tf.tensor(data, dims);
    });
    if (changed) layer.setWeights(out);
  }
}

describe('pruning the zoo in TensorFlow.js', () => {
  for (const arch of ARCH_IDS) {
    it(`${arch}: the pruned model computes what the original computes with the removed channels silenced`, async () => {
      const model = createModel(arch, { channels: 10, classes: 17, seed: 3, width: TEST_WIDTH[arch] });
      randomiseBatchNorms(model, 7);
      const channels = tfjsChannels(model);
      const choice = chooseFilters(channels.graph.sources, 0.5, 'layer');
      expect(choice.layers.length).toBeGreaterThan(0);
      const pruned = await rebuildPruned(model, channels, choice.kept);
      expect(pruned.countParams()).toBeLessThan(model.countParams());
      silenced(model, channels.graph.cuts, choice.kept);
      const x = randomPatches(4, 32, 10, 11);
      const [a, b] = [predict(model, x), predict(pruned, x)];
      const diff = a.reduce((most, v, i) => Math.max(most, Math.abs(v - b[i]!)), 0);
      expect(diff).toBeLessThan(1e-4);
    });
  }

  it('halves every layer of tiny-cnn to the model the zoo builds at half the width', async () => {
    const model = createModel('tiny-cnn', { channels: 10, classes: 17, seed: 1, width: 1 });
    const channels = tfjsChannels(model);
    const choice = chooseFilters(channels.graph.sources, 0.5, 'layer');
    expect(choice.layers).toEqual([
      { name: 'conv1', filters: 8, kept: 4 },
      { name: 'conv2', filters: 16, kept: 8 },
      { name: 'conv3', filters: 32, kept: 16 },
    ]);
    expect(choice.removed).toBe(0.5);
    const pruned = await rebuildPruned(model, channels, choice.kept);
    expect(pruned.countParams()).toBe(createModel('tiny-cnn', { channels: 10, classes: 17, seed: 1, width: 0.5 }).countParams());
  });

  it('keeps the residual stream of a ResNet whole and prunes the first convolution of each block', () => {
    const model = createModel('resnet18', { channels: 10, classes: 17, seed: 1, width: 0.125 });
    const choice = chooseFilters(tfjsChannels(model).graph.sources, 0.5, 'layer');
    expect(choice.layers.map((l) => l.name)).toEqual(['s1b0_conv1', 's1b1_conv1', 's2b0_conv1', 's2b1_conv1', 's3b0_conv1', 's3b1_conv1', 's4b0_conv1', 's4b1_conv1']);
    expect(choice.keptWhole.map((k) => k.name).sort()).toEqual(['s1b0_conv2', 's1b1_conv2', 's2b0_conv2', 's2b0_proj', 's2b1_conv2', 's3b0_conv2', 's3b0_proj', 's3b1_conv2', 's4b0_conv2', 's4b0_proj', 's4b1_conv2', 'stem'].sort());
    expect(choice.keptWhole.find((k) => k.name === 'stem')!.reason).toBe('its output is merged element-wise with other channels in layer "s1b0_add" (Add)');
  });

  it('ranks filters globally by their norm relative to their layer, and leaves each layer a tenth at least', () => {
    const model = createModel('sen2lcz-net', { channels: 10, classes: 17, seed: 2, width: 0.25 });
    const { graph } = tfjsChannels(model);
    const choice = chooseFilters(graph.sources, 0.9, 'global');
    for (const layer of choice.layers) expect(layer.kept).toBeGreaterThanOrEqual(Math.max(1, Math.ceil(layer.filters / 10)));
    // The floor stops it short of 90 %.
    expect(choice.removed).toBeGreaterThan(0.8);
    expect(choice.removed).toBeLessThan(0.9);
    // A layer whose filters are all scaled down is no weaker relative to itself: a scale changes nothing.
    const scaled = graph.sources.map((s, i) => ({ ...s, norms: s.norms.map((n) => n * (i === 0 ? 1000 : 1)) }));
    expect(chooseFilters(scaled, 0.5, 'global').kept).toEqual(chooseFilters(graph.sources, 0.5, 'global').kept);
  });

  it('ranks a filter by its norm as the network applies it: scaled by the batch norm after it', () => {
    const model = createModel('tiny-cnn', { channels: 10, classes: 17, seed: 4, width: 1 });
    const conv = model.getLayer('conv1');
    const [kernel] = conv.getWeights();
    // Filter 0 has by far the largest weights, but its batch norm all but silences it.
    const scale = tf.tensor1d(Array.from({ length: 8 }, (_, i) => (i === 0 ? 10 : 1)));
    conv.setWeights([tf.mul(kernel!, scale)]);
    const bn = model.getLayer('conv1_bn');
    bn.setWeights(bn.getWeights().map((w, i) => (bn.weights[i]!.originalName.endsWith('gamma') ? tf.tensor1d(Array.from({ length: 8 }, (_, k) => (k === 0 ? 1e-3 : 1))) : w)));
    const { graph, sourceOf } = tfjsChannels(model);
    const conv1 = graph.sources[sourceOf.get('conv1')!]!;
    expect(Array.from(conv1.norms).indexOf(Math.min(...conv1.norms))).toBe(0);
    expect(chooseFilters(graph.sources, 0.25, 'layer').kept.get(conv1.id)).not.toContain(0);
  });
});
