// Structured pruning on ONNX graphs (bundles with no training checkpoint): the zoo's exported models are pruned
// exactly as their TensorFlow.js models are (same filters, same outputs), the removed channels' mean output is made
// up for exactly where it is constant, and an imported PyTorch model with a residual Add and a Concat is pruned
// into a bundle that passes the ONNX checker, keeps its residual stream whole and says why.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '../../../src/main/bundles/import-model';
import { exportModel } from '../../../src/main/onnx/export';
import { modelCost } from '../../../src/main/onnx/model-cost';
import { decodedGraph, onnx, type ModelProto } from '../../../src/main/onnx/onnx-proto';
import { decodeModel } from '../../../src/main/onnx/read-model';
import { mulberry32 } from '../../../src/main/synthetic/noise';
import { chooseFilters } from '../../../src/main/train/prune/filter-choice';
import { cutGraph, onnxChannels } from '../../../src/main/train/prune/onnx-channels';
import { addToBiases, channelMeans, lostContributions, tensorsToMeasure } from '../../../src/main/train/prune/onnx-compensation';
import { pruneBundle } from '../../../src/main/train/prune/prune-bundle';
import { tfjsChannels } from '../../../src/main/train/prune/tfjs-channels';
import { rebuildPruned } from '../../../src/main/train/prune/tfjs-rebuild';
import { createModel, type ArchId } from '../../../src/main/train/zoo';
import { pruneParamsSchema } from '../../../src/shared/contract/compression';
import { onnxCheckerFailures } from '../../helpers/onnx-checker';
import { pythonAsync, pythonMissing } from '../../helpers/python';
import { writeSmallSo2Sat } from '../../so2sat/small-file';
import { predict, randomiseBatchNorms, randomPatches, useCpuBackend } from '../zoo/tf-test-utils';

const temp = mkdtempSync(join(tmpdir(), 'lcz-prune-onnx-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
beforeAll(useCpuBackend);

const encode = (model: ModelProto) => onnx.ModelProto.encode(model).finish();

/** ORT outputs of a model (bytes) for NHWC or NCHW float input. */
async function run(bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await InferenceSession.create(bytes);
  try {
    const out = await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, dims) });
    return out[session.outputNames[0]!]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('pruning an ONNX graph', () => {
  const widths: [ArchId, number][] = [['sen2lcz-net', 0.25], ['resnet18', 0.125], ['mobilenet', 0.125], ['densenet', 0.25], ['tiny-separable', 1]];
  for (const [arch, width] of widths) {
    it(`prunes the ONNX export of ${arch} as its TensorFlow.js model is pruned: same filters, same outputs`, async () => {
      const model = createModel(arch, { channels: 10, classes: 17, seed: 5, width });
      randomiseBatchNorms(model, 9);
      const proto = decodeModel(exportModel(model).bytes, arch);
      const fromOnnx = onnxChannels(proto);
      const fromTfjs = tfjsChannels(model);
      const onnxChoice = chooseFilters(fromOnnx.graph.sources, 0.4, 'global');
      const tfjsChoice = chooseFilters(fromTfjs.graph.sources, 0.4, 'global');
      expect([...onnxChoice.kept.values()]).toEqual([...tfjsChoice.kept.values()]);
      expect(onnxChoice.keptWhole.length).toBe(tfjsChoice.keptWhole.length);
      cutGraph(decodedGraph(proto), fromOnnx, onnxChoice.kept);
      const pruned = await rebuildPruned(model, fromTfjs, tfjsChoice.kept);
      const x = randomPatches(3, 32, 10, 4);
      expect(maxDiff(await run(encode(proto), x.dataSync() as Float32Array, [3, 32, 32, 10]), predict(pruned, x))).toBeLessThan(1e-4);
    });
  }
});

// A stem whose filter 2 is dead (weights 0, bias 0.7: a constant 0.7 after ReLU), a 1x1 conv whose filter 4 is dead
// below zero (constant 0 after ReLU), global pooling and a linear head: pruning the two dead filters and making up
// for their mean output must leave the outputs exactly as they were.
const DEAD_FILTERS = `
import sys, torch
torch.manual_seed(1)
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv2d(10, 8, 3, padding=1)
        self.mix = torch.nn.Conv2d(8, 6, 1)
        self.fc = torch.nn.Linear(6, 17)
    def forward(self, x):
        x = torch.relu(self.mix(torch.relu(self.stem(x))))
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))
net = Net().eval()
with torch.no_grad():
    net.stem.weight[2].zero_(); net.stem.bias[2] = 0.7
    net.mix.weight[4].zero_(); net.mix.bias[4] = -1.0
torch.onnx.export(net, torch.zeros(1, 10, 32, 32), sys.argv[1], opset_version=13, input_names=['patches'], output_names=['logits'], dynamic_axes={'patches': {0: 'n'}, 'logits': {0: 'n'}})
`;

// A small residual network with a concatenation, as PyTorch exports it (batch norms folded into the convolutions).
const RESIDUAL_CONCAT = `
import sys, torch
torch.manual_seed(2)
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Sequential(torch.nn.Conv2d(10, 16, 3, padding=1), torch.nn.BatchNorm2d(16), torch.nn.ReLU())
        self.conv1 = torch.nn.Sequential(torch.nn.Conv2d(16, 16, 3, padding=1), torch.nn.BatchNorm2d(16), torch.nn.ReLU())
        self.conv2 = torch.nn.Sequential(torch.nn.Conv2d(16, 16, 3, padding=1), torch.nn.BatchNorm2d(16))
        self.a = torch.nn.Conv2d(16, 8, 1)
        self.b = torch.nn.Conv2d(16, 8, 3, padding=1)
        self.fuse = torch.nn.Conv2d(16, 12, 1)
        self.fc = torch.nn.Linear(12, 17)
    def forward(self, x):
        x = self.stem(x)
        x = torch.relu(self.conv2(self.conv1(x)) + x)
        x = torch.cat([torch.relu(self.a(x)), torch.relu(self.b(torch.nn.functional.max_pool2d(x, 3, 1, 1)))], 1)
        x = torch.relu(self.fuse(x))
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))
net = Net()
with torch.no_grad():
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2); m.running_var.uniform_(0.5, 1.5); m.weight.uniform_(0.5, 1.5); m.bias.uniform_(-0.2, 0.2)
net.eval()
torch.onnx.export(net, torch.zeros(1, 10, 32, 32), sys.argv[1], opset_version=13, input_names=['input'], output_names=['logits'], dynamic_axes={'input': {0: 'n'}, 'logits': {0: 'n'}})
`;

describe.skipIf(pythonMissing('torch'))('pruning models exported by PyTorch', () => {
  const dead = join(temp, 'dead.onnx');
  const residual = join(temp, 'residual.onnx');
  const data = join(temp, 'data.h5');
  beforeAll(async () => {
    await pythonAsync(DEAD_FILTERS, dead);
    await pythonAsync(RESIDUAL_CONCAT, residual);
    await writeSmallSo2Sat(data, { n: 120, seed: 3 });
  }, 120_000);

  it('makes up exactly for the mean output of removed channels that are constant, and only with the compensation', async () => {
    const random = mulberry32(8);
    const batch = Float32Array.from({ length: 4 * 10 * 32 * 32 }, () => random() * 2 - 1);
    const original = readFileSync(dead);
    const expected = await run(original, batch, [4, 10, 32, 32]);
    const pruned = async (compensate: boolean) => {
      const model = decodeModel(original, dead);
      const channels = onnxChannels(model);
      const { graph, readers } = channels;
      const choice = chooseFilters(graph.sources, 0.125, 'layer');
      expect(choice.layers).toEqual([
        { name: expect.any(String), filters: 8, kept: 7 },
        { name: expect.any(String), filters: 6, kept: 5 },
      ]);
      expect([...choice.kept.values()]).toEqual([[0, 1, 3, 4, 5, 6, 7], [0, 1, 2, 3, 5]]);
      const patches = { indices: new Uint32Array(8), patchDims: [10, 32, 32], batches: async function* () { yield Float32Array.from({ length: 8 * 10 * 32 * 32 }, () => random()); } };
      const means = await channelMeans(model, tensorsToMeasure(readers, choice.kept), patches, 'patches', 1);
      const lost = lostContributions(decodedGraph(model), readers, choice.kept, means);
      cutGraph(decodedGraph(model), channels, choice.kept);
      if (compensate) addToBiases(decodedGraph(model), lost, choice.kept);
      return run(encode(model), batch, [4, 10, 32, 32]);
    };
    expect(maxDiff(await pruned(true), expected)).toBeLessThan(1e-4);
    expect(maxDiff(await pruned(false), expected)).toBeGreaterThan(0.01);
  });

  it('prunes an imported bundle with a residual Add and a Concat, keeping the residual stream whole, into a bundle the ONNX checker passes', async () => {
    const { bundle } = await importModel(residual, join(temp, 'imported'), { so2sat: true, resolutionM: 10, name: 'PyTorch residual net' });
    const ctx = { signal: new AbortController().signal, progress: () => {}, warn: () => {} };
    const { bundle: pruned, pruning } = await pruneBundle(pruneParamsSchema.parse({ bundle: bundle.dir, train: data, out: join(temp, 'pruned'), ratio: 0.5 }), ctx);
    expect(pruning.source).toBe('onnx-graph');
    expect(pruning.finetune).toBeNull();
    expect(pruning.layers.map((l) => [l.filters, l.kept])).toEqual([
      [16, 8], // conv1, inside the residual block
      [8, 4], // a, into the Concat
      [8, 4], // b, into the Concat
      [12, 6], // fuse
    ]);
    expect(pruning.keptWhole).toHaveLength(2); // the stem and conv2: added in the residual
    for (const k of pruning.keptWhole) expect(k.reason).toMatch(/merged element-wise with other channels in Add/);
    const cost = modelCost(decodeModel(readFileSync(pruned.modelPath), pruned.modelPath));
    expect(pruning.after.parameters).toBe(cost.parameters);
    expect(pruning.after.macs).toBe(cost.macs);
    expect(pruning.after.parameters).toBeLessThan(pruning.before.parameters);
    expect(pruning.after.macs).toBeLessThan(pruning.before.macs);
    expect(pruned.manifest.provenance.pruning).toEqual(pruning);
    if (!pythonMissing('onnx')) expect(await onnxCheckerFailures([pruned.modelPath])).toEqual([]);
  });
});

describe('pruning refuses', () => {
  it('a model with no prunable convolution, saying why', async () => {
    const { OnnxGraphBuilder } = await import('../../../src/main/onnx/graph-builder');
    const op = await import('../../../src/main/onnx/op-helpers');
    const g = new OnnxGraphBuilder();
    const x = g.input('patches', 'float32', ['N', 10, 32, 32]);
    const c = op.conv(g, x, g.initializer('w', new Float32Array(17 * 10 * 9).fill(0.1), [17, 10, 3, 3]), null, { kernel: [3, 3], pads: [1, 1, 1, 1] });
    g.node1('Flatten', [op.globalAveragePool(g, c)], { output: 'logits' });
    g.output('logits', 'float32', ['N', 17]);
    const model = decodeModel(g.toBytes(), 'x');
    const choice = chooseFilters(onnxChannels(model).graph.sources, 0.5, 'layer');
    expect(choice.prunableFilters).toBe(0);
    expect(choice.keptWhole).toEqual([{ name: expect.any(String), reason: 'its channels are the model output' }]);
  });
});
