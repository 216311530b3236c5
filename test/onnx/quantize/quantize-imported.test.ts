// Int8 quantization of models from elsewhere: a small ResNet exported by PyTorch (Conv with its BatchNorm folded
// by the exporter, residual Adds, max pool, adaptive average pool, Linear), imported as a bundle, once NCHW as
// PyTorch exports it and once NHWC (a permute first), with the same weights.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '../../../src/main/bundles/import-model';
import { quantizeBundle } from '../../../src/main/onnx/quantize/quantize-bundle';
import { writeSyntheticSo2Sat } from '../../../src/main/so2sat/synth/synthetic-dataset';
import { onnxCheckerFailures } from '../../helpers/onnx-checker';
import { pythonAsync, pythonMissing } from '../../helpers/python';
import { predict, share } from './held-out';
import { optimisedOpCounts, qdqLayoutProblems } from './qdq-layout';

const TORCH_EXPORT = `
import sys, torch
out = sys.argv[1]
torch.manual_seed(0)
class Block(torch.nn.Module):
    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(c_out)
        self.conv2 = torch.nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(c_out)
        self.skip = torch.nn.Sequential(torch.nn.Conv2d(c_in, c_out, 1, stride, bias=False), torch.nn.BatchNorm2d(c_out))
    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + self.skip(x))
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.nhwc = False
        self.stem = torch.nn.Sequential(torch.nn.Conv2d(10, 16, 3, 1, 1, bias=False), torch.nn.BatchNorm2d(16), torch.nn.ReLU())
        self.pool = torch.nn.MaxPool2d(2)
        self.blocks = torch.nn.Sequential(Block(16, 32, 2), Block(32, 64, 2))
        self.fc = torch.nn.Linear(64, 17)
    def forward(self, x):
        if self.nhwc:
            x = x.permute(0, 3, 1, 2)
        x = self.blocks(self.pool(self.stem(x)))
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))
net = Net()
with torch.no_grad():  # batch-norm statistics as a trained net has them, not a fresh net's identity
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2); m.running_var.uniform_(0.5, 1.5); m.weight.uniform_(0.8, 1.2); m.bias.uniform_(-0.1, 0.1)
net.eval()
for layout, shape in (('nchw', (1, 10, 32, 32)), ('nhwc', (1, 32, 32, 10))):
    net.nhwc = layout == 'nhwc'
    torch.onnx.export(net, torch.zeros(*shape), f'{out}/resnet-{layout}.onnx', opset_version=13, input_names=['input'],
                      output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
`;

const temp = mkdtempSync(join(tmpdir(), 'lcz-quantize-imported-'));
const calibration = join(temp, 'calibration.h5');
const heldOut = join(temp, 'held-out.h5');
const ctx = { signal: new AbortController().signal, progress: () => {}, warn: (m: string) => console.warn(m) };
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe.skipIf(pythonMissing('torch'))('int8 quantization of imported PyTorch models', () => {
  beforeAll(async () => {
    await pythonAsync(TORCH_EXPORT, temp);
    await writeSyntheticSo2Sat(calibration, { patches: 300, seed: 21 });
    await writeSyntheticSo2Sat(heldOut, { patches: 300, seed: 22 });
  }, 300_000);

  const int8: Record<string, Uint8Array> = {};
  for (const layout of ['NCHW', 'NHWC'] as const) {
    it(`quantizes the ${layout} import: checker, layout, every Conv and Add fused, agreeing with the float model`, async () => {
      const file = join(temp, `resnet-${layout.toLowerCase()}.onnx`);
      const { bundle } = await importModel(file, join(temp, `float-${layout}`), { so2sat: true, resolutionM: 10, name: `PyTorch ResNet ${layout}` });
      expect(bundle.manifest.input.layout).toBe(layout);
      const result = await quantizeBundle({ bundle: bundle.dir, calibration, out: join(temp, `int8-${layout}`) }, ctx);
      expect(result.quantized).toEqual({ Conv: 7, MaxPool: 1, Add: 2, GlobalAveragePool: 1, Flatten: 1, Gemm: 1 });
      expect(result.leftInFloat).toEqual([]);
      if (!pythonMissing('onnx')) expect(await onnxCheckerFailures([result.bundle.modelPath])).toEqual([]);
      expect(qdqLayoutProblems(readFileSync(result.bundle.modelPath))).toEqual([]);
      const ops = await optimisedOpCounts(result.bundle.modelPath);
      expect(ops['com.microsoft:QLinearConv']).toBe(7);
      expect(ops['com.microsoft:QLinearAdd']).toBe(2);
      for (const left of ['ai.onnx:Conv', 'ai.onnx:Add', 'ai.onnx:Relu', 'ai.onnx:DequantizeLinear']) expect(ops[left], left).toBeUndefined();

      const [a, b] = [await predict(bundle.dir, heldOut), await predict(result.bundle.dir, heldOut)];
      const agreement = share(a.predicted, b.predicted);
      console.log(`PyTorch ResNet (${layout}, untrained weights): int8 agrees with float on ${(100 * agreement).toFixed(1)} % of ${a.predicted.length} held-out patches`);
      expect(agreement).toBeGreaterThan(0.95);
      int8[layout] = b.predicted;
    });
  }

  it('gives the NCHW and NHWC imports of the same weights the same int8 predictions', () => {
    expect(share(int8.NCHW!, int8.NHWC!)).toBeGreaterThan(0.99);
  });
});
