import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelCost } from '../../src/main/onnx/model-cost';
import { onnx } from '../../src/main/onnx/onnx-proto';
import { inferShapes } from '../../src/main/onnx/shape-inference';
import { makeCnnOnnx, tempFolder } from '../fixtures/onnx-models';
import { pythonAsync, pythonMissing } from '../helpers/python';

const temp = tempFolder('lcz-model-cost-');
afterAll(temp.cleanup);

/**
 * Reference networks written in PyTorch (torchvision is not installed: the definitions follow its source), exported
 * to ONNX, with their MACs counted independently by forward hooks on every Conv2d and Linear.
 */
const NETWORKS = `
import sys, json, torch
from torch import nn
out = sys.argv[1]
class Basic(nn.Module):
    def __init__(s, i, o, stride):
        super().__init__()
        s.c1 = nn.Conv2d(i, o, 3, stride, 1, bias=False); s.b1 = nn.BatchNorm2d(o)
        s.c2 = nn.Conv2d(o, o, 3, 1, 1, bias=False); s.b2 = nn.BatchNorm2d(o)
        s.down = nn.Sequential(nn.Conv2d(i, o, 1, stride, bias=False), nn.BatchNorm2d(o)) if stride != 1 or i != o else None
    def forward(s, x):
        y = torch.relu(s.b1(s.c1(x))); y = s.b2(s.c2(y))
        return torch.relu(y + (s.down(x) if s.down is not None else x))
class ResNet18(nn.Module):
    def __init__(s):
        super().__init__()
        s.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        layers, i = [], 64
        for o, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            layers += [Basic(i, o, stride), Basic(o, o, 1)]; i = o
        s.layers = nn.Sequential(*layers); s.fc = nn.Linear(512, 1000)
    def forward(s, x):
        return s.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(s.layers(s.stem(x)), 1), 1))
class Fire(nn.Module):
    def __init__(s, i, sq, e1, e3):
        super().__init__()
        s.sq = nn.Conv2d(i, sq, 1); s.e1 = nn.Conv2d(sq, e1, 1); s.e3 = nn.Conv2d(sq, e3, 3, padding=1)
    def forward(s, x):
        x = torch.relu(s.sq(x))
        return torch.cat([torch.relu(s.e1(x)), torch.relu(s.e3(x))], 1)
class SqueezeNet11(nn.Module):
    def __init__(s):
        super().__init__()
        s.f = nn.Sequential(nn.Conv2d(3, 64, 3, 2), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True), Fire(64, 16, 64, 64), Fire(128, 16, 64, 64),
            nn.MaxPool2d(3, 2, ceil_mode=True), Fire(128, 32, 128, 128), Fire(256, 32, 128, 128), nn.MaxPool2d(3, 2, ceil_mode=True),
            Fire(256, 48, 192, 192), Fire(384, 48, 192, 192), Fire(384, 64, 256, 256), Fire(512, 64, 256, 256))
        s.cls = nn.Conv2d(512, 1000, 1)
    def forward(s, x):
        return torch.flatten(nn.functional.adaptive_avg_pool2d(torch.relu(s.cls(s.f(x))), 1), 1)
class InvRes(nn.Module):
    def __init__(s, i, o, stride, t):
        super().__init__()
        h = i * t; layers = []
        if t != 1: layers += [nn.Conv2d(i, h, 1, bias=False), nn.BatchNorm2d(h), nn.ReLU6()]
        layers += [nn.Conv2d(h, h, 3, stride, 1, groups=h, bias=False), nn.BatchNorm2d(h), nn.ReLU6(), nn.Conv2d(h, o, 1, bias=False), nn.BatchNorm2d(o)]
        s.conv = nn.Sequential(*layers); s.res = stride == 1 and i == o
    def forward(s, x):
        return x + s.conv(x) if s.res else s.conv(x)
class MobileNetV2(nn.Module):
    def __init__(s):
        super().__init__()
        layers, i = [nn.Conv2d(3, 32, 3, 2, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU6()], 32
        for t, c, n, st in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
            for k in range(n):
                layers.append(InvRes(i, c, st if k == 0 else 1, t)); i = c
        layers += [nn.Conv2d(320, 1280, 1, bias=False), nn.BatchNorm2d(1280), nn.ReLU6()]
        s.f = nn.Sequential(*layers); s.fc = nn.Linear(1280, 1000)
    def forward(s, x):
        return s.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(s.f(x), 1), 1))
macs = {}
for name, net in [('resnet18', ResNet18()), ('squeezenet11', SqueezeNet11()), ('mobilenetv2', MobileNetV2())]:
    total = [0, 0]
    def hook(m, i, o):
        if isinstance(m, nn.Conv2d):
            n = o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
            total[0] += n
            if m.groups > 1 and m.groups == m.in_channels: total[1] += n
        else:
            total[0] += o.numel() * m.in_features
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)): m.register_forward_hook(hook)
    x = torch.zeros(1, 3, 224, 224)
    with torch.no_grad(): net.eval()(x)
    macs[name] = {'macs': total[0], 'depthwise': total[1], 'params': sum(p.numel() for p in net.parameters())}
    torch.onnx.export(net, x, f'{out}/{name}.onnx', opset_version=14, input_names=['input'], output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
print(json.dumps(macs))
`;

describe.skipIf(pythonMissing('torch'))('MACs of reference networks exported by PyTorch', () => {
  let reference: Record<string, { macs: number; depthwise: number; params: number }>;
  beforeAll(async () => {
    reference = JSON.parse(await pythonAsync(NETWORKS, temp.dir));
  }, 180_000);

  for (const name of ['resnet18', 'squeezenet11', 'mobilenetv2']) {
    it(`counts ${name} exactly as PyTorch's forward hooks do`, () => {
      const cost = modelCost(onnx.ModelProto.decode(readFileSync(join(temp.dir, `${name}.onnx`))));
      expect(cost.uncounted).toEqual([]);
      expect(cost.macs).toBe(reference[name]!.macs);
      expect(cost.depthwiseMacs).toBe(reference[name]!.depthwise);
    });
  }

  it('agrees with the published figures (ResNet-18 1.81 G, SqueezeNet 1.1 0.35 G, MobileNetV2 0.30 G)', () => {
    expect(reference.resnet18!.macs / 1e9).toBeCloseTo(1.81, 2);
    expect(reference.squeezenet11!.macs / 1e9).toBeCloseTo(0.35, 1);
    expect(reference.mobilenetv2!.macs / 1e9).toBeCloseTo(0.30, 1);
  });
});

describe('cost of LCZ Studio models', () => {
  it('counts a small CNN by hand, at any batch', () => {
    // channels 4, 8x8 patches, widths [6]: conv 3x3 (pad 1) 4->6 on 8x8, batch norm, relu, 2x2 pool, gap, dense 6->5.
    const model = onnx.ModelProto.decode(makeCnnOnnx({ channels: 4, patchSize: 8, widths: [6], classes: 5 }));
    const conv = 8 * 8 * 6 * 4 * 9;
    const dense = 6 * 5;
    const one = modelCost(model);
    expect(one.macsByOp).toEqual({ Conv: conv, Gemm: dense });
    expect(modelCost(model, { batch: 3 }).macs).toBe(3 * (conv + dense));
    expect(one.weightBytes).toBe(one.parameters * 4);
  });

  it('gives every tensor of the demo model a shape', () => {
    const model = onnx.ModelProto.decode(readFileSync('resources/demo/bundle/model.onnx'));
    const shapes = inferShapes(model);
    expect(shapes.get('patches')).toEqual([1, 32, 32, 10]);
    expect(shapes.get('logits')).toEqual([1, 17]);
    expect([...shapes.values()].filter((s) => s === null)).toEqual([]);
    expect(modelCost(model).uncounted).toEqual([]);
  });
});
