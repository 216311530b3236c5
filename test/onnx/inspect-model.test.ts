import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { classifierSignature, resolveSignature } from '../../src/main/onnx/classifier-signature';
import { inspectModelBytes, inspectModelFile } from '../../src/main/onnx/inspect-model';
import { makeCnnOnnx, tempFolder } from '../fixtures/onnx-models';
import { pythonAsync, pythonMissing } from '../helpers/python';

const temp = tempFolder('lcz-onnx-inspect-');
afterAll(temp.cleanup);

/** Small PyTorch classifiers exported by torch.onnx.export itself, as a user's files would be. */
const TORCH_EXPORTS = `
import sys, torch
out = sys.argv[1]
torch.manual_seed(0)
class Net(torch.nn.Module):
    def __init__(self, channels, classes, head, nhwc=False):
        super().__init__()
        self.nhwc, self.head = nhwc, head
        self.conv = torch.nn.Conv2d(channels, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.fc = torch.nn.Linear(8, classes)
    def forward(self, x):
        if self.nhwc:
            x = x.permute(0, 3, 1, 2)
        x = torch.relu(self.bn(self.conv(x)))
        x = torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1)
        x = self.fc(x)
        if self.head == 'softmax':
            return torch.softmax(x, dim=1)
        if self.head == 'logsoftmax':
            return torch.log_softmax(x, dim=1)
        return x
def export(name, net, shape, opset, axes):
    torch.onnx.export(net.eval(), torch.zeros(*shape), f'{out}/{name}.onnx', opset_version=opset,
                      input_names=['input'], output_names=['output'], dynamic_axes=axes)
batch = {'input': {0: 'batch'}, 'output': {0: 'batch'}}
for opset in (13, 17):
    export(f'nchw-logits-{opset}', Net(10, 17, 'logits'), (1, 10, 32, 32), opset, batch)
    export(f'nchw-softmax-{opset}', Net(10, 17, 'softmax'), (1, 10, 32, 32), opset, batch)
    export(f'nhwc-logits-{opset}', Net(10, 17, 'logits', nhwc=True), (1, 32, 32, 10), opset, batch)
export('logsoftmax-13', Net(10, 17, 'logsoftmax'), (1, 10, 32, 32), 13, batch)
export('fixed-batch-13', Net(6, 10, 'softmax'), (2, 6, 16, 16), 13, None)
export('any-size-13', Net(10, 17, 'logits'), (1, 10, 32, 32), 13, {'input': {0: 'batch', 2: 'h', 3: 'w'}, 'output': {0: 'batch'}})
`;

describe.skipIf(pythonMissing('torch'))('inspecting models exported by PyTorch', () => {
  beforeAll(async () => {
    await pythonAsync(TORCH_EXPORTS, temp.dir);
  }, 120_000);

  for (const opset of [13, 17]) {
    it(`reads layout, patch size, classes and logits vs softmax at opset ${opset}`, async () => {
      for (const [name, layout, kind, op] of [
        ['nchw-logits', 'NCHW', 'logits', 'Gemm'],
        ['nchw-softmax', 'NCHW', 'probabilities', 'Softmax'],
        ['nhwc-logits', 'NHWC', 'logits', 'Gemm'],
      ] as const) {
        const summary = await inspectModelFile(join(temp.dir, `${name}-${opset}.onnx`));
        expect(summary.opset).toBe(opset);
        expect(summary.producer.name).toBe('pytorch');
        expect(summary.inputs.map((i) => i.name)).toEqual(['input']);
        expect(summary.parameterCount).toBeGreaterThan(10 * 8 * 9);
        expect(classifierSignature(summary), name).toEqual({
          inputName: 'input',
          outputName: 'output',
          layout,
          channels: 10,
          patchSize: 32,
          fixedBatch: null,
          classes: 17,
          outputKind: kind,
          outputOp: op,
        });
      }
    });
  }

  it('recognises a LogSoftmax output and a fixed batch', async () => {
    const log = classifierSignature(await inspectModelFile(join(temp.dir, 'logsoftmax-13.onnx')));
    expect([log.outputKind, log.outputOp]).toEqual(['log-probabilities', 'LogSoftmax']);
    const fixed = classifierSignature(await inspectModelFile(join(temp.dir, 'fixed-batch-13.onnx')));
    expect(fixed).toMatchObject({ layout: 'NCHW', channels: 6, patchSize: 16, fixedBatch: 2, classes: 10, outputKind: 'probabilities' });
  });

  it('asks for the patch size when both spatial sizes are open, and takes it as a hint', async () => {
    const summary = await inspectModelFile(join(temp.dir, 'any-size-13.onnx'));
    expect(summary.inputs[0]!.dims).toEqual(['batch', 10, 'h', 'w']);
    expect(resolveSignature(summary).missing.map((m) => m.what)).toEqual(['patchSize']);
    expect(() => classifierSignature(summary)).toThrow(/any-size-13\.onnx: cannot tell the patch shape: both spatial sizes/);
    expect(classifierSignature(summary, { patchSize: 32 })).toMatchObject({ layout: 'NCHW', channels: 10, patchSize: 32 });
  });
});

describe('inspecting LCZ Studio models', () => {
  it('reads its own models, through a symbolic or fixed batch', () => {
    const summary = inspectModelBytes(makeCnnOnnx({ channels: 6, patchSize: 9, classes: 5, layout: 'NHWC', softmax: true, batch: 3 }), 'own.onnx');
    expect(summary.producer.name).toBe('LCZ Studio');
    expect(summary.inputs[0]!.dims).toEqual([3, 9, 9, 6]);
    expect(summary.outputs[0]!.producer).toBe('Softmax');
    expect(classifierSignature(summary)).toMatchObject({ layout: 'NHWC', channels: 6, patchSize: 9, fixedBatch: 3, classes: 5, outputKind: 'probabilities' });
  });

  it('asks for the layout of a cube-shaped input, unless the band count or a layout settles it', () => {
    const cube = inspectModelBytes(makeCnnOnnx({ channels: 8, patchSize: 8, classes: 4 }), 'cube.onnx');
    const open = resolveSignature(cube);
    expect(open.missing.map((m) => m.what)).toEqual(['layout']);
    expect(open.missing[0]!.why).toContain('[N, 8, 8, 8]');
    expect(resolveSignature(cube, { channels: 8 }).missing.map((m) => m.what)).toEqual(['layout']);
    expect(classifierSignature(cube, { layout: 'NHWC' }).layout).toBe('NHWC');

    const ten = inspectModelBytes(makeCnnOnnx({ channels: 10, patchSize: 10, classes: 4, layout: 'NHWC' }), 'ten.onnx');
    expect(resolveSignature(ten).missing.map((m) => m.what)).toEqual(['layout']);
    expect(() => classifierSignature(ten, { channels: 6 })).toThrow(/ten\.onnx: .*10 channels, not 6/);
  });
});
