import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { BundleManifest } from '../../src/shared/bundle-manifest';
import type { CompatibilityReport } from '../../src/shared/contract/metis';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { attr, OnnxGraphBuilder } from '../../src/main/onnx/graph-builder';
import { checkBundle, checkModel } from '../../src/main/metis/check/check-model';
import { prepareModel } from '../../src/main/metis/check/prepare-model';
import { manifestFor, randomPatches, tempFolder } from '../fixtures/onnx-models';
import { onnxCheckerFailures } from '../helpers/onnx-checker';
import { pythonAsync, pythonMissing } from '../helpers/python';

const temp = tempFolder('lcz-metis-check-');
afterAll(temp.cleanup);

const C = 4;
const P = 8;
const MANIFEST: BundleManifest = manifestFor({ channels: C, patchSize: P, classes: 5 });
const weights = (n: number, seed = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.2);

/**
 * A small NCHW classifier [1, 4, 8, 8] -> 5 logits with `middle` spliced between two convolutions (it gets the first
 * conv's output name and returns the name the second conv reads), opset 14.
 */
function graph(middle: (g: OnnxGraphBuilder, x: string) => string, options: { opset?: number; batch?: number | string; tail?: (g: OnnxGraphBuilder, x: string) => string } = {}): Uint8Array {
  const g = new OnnxGraphBuilder({ opset: options.opset ?? 14 });
  const x = g.input('patches', 'float32', [options.batch ?? 1, C, P, P]);
  const conv = (input: string, cin: number, cout: number, name: string) =>
    g.node1('Conv', [input, g.initializer(`${name}_w`, weights(cout * cin * 9), [cout, cin, 3, 3])], { attributes: { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) } });
  let h = g.node1('Relu', [conv(x, C, 8, 'c1')]);
  h = middle(g, h);
  h = g.node1('Relu', [conv(h, 8, 8, 'c2')]);
  h = g.node1('Flatten', [g.node1('GlobalAveragePool', [h])], { attributes: { axis: attr.int(1) } });
  h = g.node1('Gemm', [h, g.initializer('fc_w', weights(8 * 5), [8, 5]), g.initializer('fc_b', weights(5), [5])]);
  const out = (options.tail ?? ((_, t) => t))(g, h);
  g.node1('Identity', [out], { output: 'logits' });
  g.output('logits', 'float32', [options.batch ?? 1, 5]);
  return g.toBytes();
}

const check = (bytes: Uint8Array) => checkModel(bytes, MANIFEST, 'test.onnx');
const blockers = (r: CompatibilityReport) => r.issues.filter((i) => i.severity === 'blocker');
const warnings = (r: CompatibilityReport) => r.issues.filter((i) => i.severity === 'warning');

describe('the demo bundle', () => {
  it('is fixable: batch 1, opset 14, its input Transpose and Identity removed; its final Mean runs on the host', async () => {
    const report = await checkBundle('resources/demo/bundle');
    expect(report.verdict).toBe('fixable');
    expect(report.fixes).toEqual(['input-shape', 'opset-14', 'input-transpose', 'no-ops']);
    expect(report.host).toEqual({ preamble: [], postamble: ['Mean "Mean_node"'] });
    expect(report.operators.filter((o) => o.placement !== 'aipu')).toEqual([{ op: 'Mean', count: 1, placement: 'host-postamble' }]);
    expect(report.issues.find((i) => i.message.startsWith('MaxPool:'))?.message).toContain('model-zoo');
    expect(report.channels.count).toBe(10);
    expect(report.channels.note).toContain('not documented');
    expect(report.macs).toBe(9_587_632);
  });

  it('prepares into a model that passes the ONNX checker and computes the same logits', async () => {
    const bundle = await readBundle('resources/demo/bundle');
    const bytes = new Uint8Array(readFileSync(bundle.modelPath));
    const prepared = await prepareModel(bytes, bundle.manifest, bundle.modelPath);
    expect(prepared).toMatchObject({ layout: 'NCHW', inputDims: [1, 10, 32, 32], fixes: ['input-shape', 'opset-14', 'input-transpose', 'no-ops'] });
    const path = join(temp.dir, 'demo-prepared.onnx');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, prepared.bytes);
    if (!pythonMissing('onnx')) expect(await onnxCheckerFailures([path])).toEqual([]);
    // Independently of prepareModel's own check: the same patch, NHWC into the original, NCHW into the prepared.
    const nchw = randomPatches(1, 10, 32, 3);
    const nhwc = new Float32Array(nchw.length);
    for (let c = 0; c < 10; c++) for (let p = 0; p < 1024; p++) nhwc[p * 10 + c] = nchw[c * 1024 + p]!;
    const [a, b] = [await InferenceSession.create(bytes), await InferenceSession.create(prepared.bytes)];
    const before = (await a.run({ patches: new Tensor('float32', nhwc, [1, 32, 32, 10]) })).logits!.data as Float32Array;
    const after = (await b.run({ patches: new Tensor('float32', nchw, [1, 10, 32, 32]) })).logits!.data as Float32Array;
    before.forEach((v, i) => expect(after[i]).toBeCloseTo(v, 5));
  });
});

describe.skipIf(pythonMissing('torch'))('a model exported by PyTorch', () => {
  let file: string;
  beforeAll(async () => {
    file = join(temp.dir, 'torch.onnx');
    await pythonAsync(
      `
import sys, torch
class Net(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.c1 = torch.nn.Conv2d(10, 16, 3, padding=1); s.bn = torch.nn.BatchNorm2d(16)
        s.dw = torch.nn.Conv2d(16, 16, 3, padding=1, groups=16); s.c2 = torch.nn.Conv2d(16, 32, 1)
        s.fc = torch.nn.Linear(32, 17)
    def forward(s, x):
        x = torch.relu(s.bn(s.c1(x)))
        x = torch.nn.functional.relu6(s.dw(x))
        x = torch.nn.functional.max_pool2d(torch.relu(s.c2(x)), 2)
        x = torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return torch.softmax(s.fc(x), dim=1)
torch.manual_seed(0)
torch.onnx.export(Net().eval(), torch.zeros(1, 10, 32, 32), sys.argv[1], opset_version=14, input_names=['input'], output_names=['probabilities'], dynamic_axes={'input': {0: 'batch'}, 'probabilities': {0: 'batch'}})
`,
      file,
    );
  }, 120_000);

  it('needs only batch 1; ReLU6 (a Clip with Constant bounds) and the depthwise conv run on the AIPU; the Softmax after it on the host', () => {
    const manifest = manifestFor({ channels: 10, patchSize: 32, softmax: true, inputName: 'input' });
    const report = checkModel(new Uint8Array(readFileSync(file)), manifest, file);
    expect(report.verdict).toBe('fixable');
    expect(report.fixes).toEqual(['input-shape']);
    expect(report.opset).toBe(14);
    expect(report.host.postamble).toEqual(['Softmax "/Softmax"']);
    expect(report.operators.filter((o) => o.placement === 'aipu').map((o) => o.op).sort()).toEqual(['Clip', 'Constant', 'Conv', 'Flatten', 'Gemm', 'GlobalAveragePool', 'MaxPool', 'Relu']);
    expect(report.issues.find((i) => i.message.startsWith('Clip:'))?.message).toBe('Clip: ReLU6');
  });
});

describe('the AIPU rules, one violation each', () => {
  const ints = (g: OnnxGraphBuilder, name: string, v: number[]) => g.int64Initializer(name, v);
  const floats = (g: OnnxGraphBuilder, name: string, v: number[], dims: number[] = []) => g.initializer(name, Float32Array.from(v), dims);
  const depthwise = (k: [number, number]) => (g: OnnxGraphBuilder, x: string) =>
    g.node1('Conv', [x, g.initializer('dw_w', weights(8 * k[0] * k[1]), [8, 1, ...k])], { attributes: { kernel_shape: attr.ints(k), pads: attr.ints([(k[0] - 1) / 2 | 0, (k[1] - 1) / 2 | 0, k[0] / 2 | 0, k[1] / 2 | 0]), group: attr.int(8) } });

  const cases: [string, (g: OnnxGraphBuilder, x: string) => string, RegExp][] = [
    ['Conv auto_pad=SAME_UPPER', (g, x) => g.node1('Conv', [x, g.initializer('s_w', weights(64 * 9), [8, 8, 3, 3])], { attributes: { kernel_shape: attr.ints([3, 3]), auto_pad: attr.string('SAME_UPPER') } }), /auto_pad=SAME_UPPER/],
    ['a depthwise 1x3 kernel', depthwise([1, 3]), /1x3 kernel.*symmetric/],
    ['a depthwise 13x13 kernel', depthwise([13, 13]), /169 taps.*kh\*kw < 128/],
    ['Pad in reflect mode', (g, x) => g.node1('Pad', [x, ints(g, 'p', [0, 0, 1, 1, 0, 0, 1, 1])], { attributes: { mode: attr.string('reflect') } }), /constant mode only/],
    ['Pad of 3 channels', (g, x) => g.node1('Slice', [g.node1('Pad', [x, ints(g, 'p', [0, 3, 0, 0, 0, 0, 0, 0])]), ints(g, 'st', [0]), ints(g, 'en', [8]), ints(g, 'ax', [1])]), /3 \+ 0 channels; .*multiple of 64/],
    ['Add of a spatial map', (g, x) => g.node1('Add', [x, floats(g, 'm', Array.from({ length: 64 }, () => 0.1), [1, 1, 8, 8])]), /Add of shapes \[1, 8, 8, 8\] and \[1, 1, 8, 8\]/],
    ['Clip to [0, 4]', (g, x) => g.node1('Clip', [x, floats(g, 'lo', [0]), floats(g, 'hi', [4])]), /Clip to \[0, 4\]/],
    ['Flatten before a Relu', (g, x) => g.node1('Reshape', [g.node1('Relu', [g.node1('Flatten', [x], { attributes: { axis: attr.int(1) } })]), ints(g, 'shape', [1, 8, 8, 8])]), /Flatten feeds Relu/],
  ];
  for (const [what, middle, message] of cases) {
    it(`refuses ${what} in the middle of the graph`, () => {
      const report = check(graph(middle));
      expect(report.verdict).toBe('incompatible');
      expect(blockers(report).map((i) => i.message)).toEqual([expect.stringMatching(message)]);
      expect(blockers(report)[0]!.node).not.toBeNull();
      expect(blockers(report)[0]!.remedy.length).toBeGreaterThan(10);
    });
  }

  it('refuses Gemm with transA=1 and a 2-D Concat in the middle', () => {
    const transA = check(
      graph((_, x) => x, {
        tail: (g, h) => {
          const col = g.node1('Reshape', [h, ints(g, 'col', [5, 1])]);
          return g.node1('Gemm', [g.node1('Relu', [g.node1('Gemm', [col, floats(g, 'w2', Array.from({ length: 25 }, () => 0.1), [5, 5])], { attributes: { transA: attr.int(1) } })]), floats(g, 'w3', Array.from({ length: 25 }, () => 0.1), [5, 5])]);
        },
      }),
    );
    expect(blockers(transA).map((i) => i.message)).toEqual(['Gemm with transA=1; the AIPU takes transA=0 only']);
    const concat = check(graph((_, x) => x, { tail: (g, h) => g.node1('Gemm', [g.node1('Concat', [h, h], { attributes: { axis: attr.int(1) } }), floats(g, 'w4', Array.from({ length: 50 }, () => 0.1), [10, 5])]) }));
    expect(blockers(concat).map((i) => i.message)).toEqual(['Concat of 2-D tensors; the AIPU concatenates 4-D tensors']);
  });

  it('accepts the allowed forms: a square depthwise kernel, per-channel and scalar Add/Mul, ReLU6, HardTanh, constant channel padding of 64', () => {
    const fine = check(
      graph((g, x) => {
        let h = depthwise([3, 3])(g, x);
        h = g.node1('Add', [h, floats(g, 'b', Array.from({ length: 8 }, () => 0.1), [1, 8, 1, 1])]);
        h = g.node1('Mul', [h, floats(g, 's', [0.5])]);
        h = g.node1('Clip', [h, floats(g, 'z', [0]), floats(g, 'six', [6])]);
        h = g.node1('Clip', [h, floats(g, 'm1', [-1]), floats(g, 'p1', [1])]);
        h = g.node1('Pad', [h, ints(g, 'p64', [0, 0, 0, 0, 0, 64, 0, 0])]);
        return g.node1('Slice', [h, ints(g, 'st', [0]), ints(g, 'en', [8]), ints(g, 'ax', [1])]);
      }),
    );
    expect(blockers(fine)).toEqual([]);
    expect(warnings(fine)).toEqual([]);
    expect(fine.verdict).toBe('fixable'); // only the Identity at the end to remove
    expect(fine.fixes).toEqual(['no-ops']);
  });

  it('places undocumented operators: on the host at the start and end, "may fail" in the middle', () => {
    const edges = check(graph((_, x) => x, { tail: (g, h) => g.node1('Softmax', [h], { attributes: { axis: attr.int(1) } }) }));
    expect(edges.host.postamble).toEqual(['Softmax "Softmax_node"']);
    expect(edges.verdict).toBe('fixable');
    const start = new OnnxGraphBuilder({ opset: 14 });
    const input = start.input('patches', 'float32', [1, C, P, P]);
    const scaled = start.node1('Div', [input, floats(start, 'ten', [10])]);
    const h = start.node1('Flatten', [start.node1('GlobalAveragePool', [start.node1('Relu', [scaled])])], { attributes: { axis: attr.int(1) } });
    start.node1('Gemm', [h, floats(start, 'w', Array.from({ length: 20 }, () => 0.1), [4, 5])], { output: 'logits' });
    start.output('logits', 'float32', [1, 5]);
    const pre = check(start.toBytes());
    expect(pre.host.preamble).toEqual(['Div "Div_node"']);
    expect(pre.verdict).toBe('ready');

    // metis.md allows Flatten "at the end": before a Softmax the host runs, it stays on the AIPU.
    const end = new OnnxGraphBuilder({ opset: 14 });
    const y = end.input('patches', 'float32', [1, C, P, P]);
    const flat = end.node1('Flatten', [end.node1('GlobalAveragePool', [end.node1('Relu', [y])])], { attributes: { axis: attr.int(1) } });
    end.node1('Softmax', [flat], { attributes: { axis: attr.int(1) }, output: 'logits' });
    end.output('logits', 'float32', [1, C]);
    const atEnd = check(end.toBytes());
    expect(atEnd.host.postamble).toEqual(['Softmax "Softmax_node"']);
    expect(atEnd.operators.find((o) => o.op === 'Flatten')).toEqual({ op: 'Flatten', count: 1, placement: 'aipu' });

    const middle = check(graph((g, x) => g.node1('Softmax', [x], { attributes: { axis: attr.int(1) } })));
    expect(middle.verdict).toBe('may-fail');
    expect(warnings(middle).map((i) => i.message)).toEqual(['Softmax runs on the AIPU only inside specific attention blocks, and it sits in the middle of the graph: undocumented, the compile may fail']);
    const exp = check(graph((g, x) => g.node1('Exp', [x])));
    expect(warnings(exp)[0]!.message).toContain("Exp is not in the AIPU's documented operators");
  });

  it('fixes opset 13 and a dynamic batch, and leaves a static opset-17 model alone', () => {
    expect(check(graph((_, x) => x, { opset: 13, batch: 'N' })).fixes).toEqual(['input-shape', 'opset-14', 'no-ops']);
    const g = new OnnxGraphBuilder({ opset: 17 });
    const x = g.input('patches', 'float32', [1, C, P, P]);
    g.node1('Gemm', [g.node1('Flatten', [g.node1('GlobalAveragePool', [x])], { attributes: { axis: attr.int(1) } }), floats(g, 'w', Array.from({ length: 20 }, () => 0.1), [4, 5])], { output: 'logits' });
    g.output('logits', 'float32', [1, 5]);
    expect(check(g.toBytes())).toMatchObject({ verdict: 'ready', fixes: [], opset: 17 });
  });

  it('refuses to prepare a model whose batch is built into its graph', async () => {
    const g = new OnnxGraphBuilder({ opset: 14 });
    const x = g.input('patches', 'float32', [2, C, P, P]);
    const flat = g.node1('Reshape', [g.node1('GlobalAveragePool', [x]), ints(g, 'shape', [2, C])]);
    g.node1('Gemm', [flat, floats(g, 'w', Array.from({ length: 20 }, () => 0.1), [4, 5])], { output: 'logits' });
    g.output('logits', 'float32', [2, 5]);
    const manifest = { ...MANIFEST, input: { ...MANIFEST.input, fixedBatch: 2 } };
    const report = checkModel(g.toBytes(), manifest, 'fixed.onnx');
    expect(warnings(report).map((i) => i.message)).toEqual([expect.stringContaining('may have its batch size built in')]);
    await expect(prepareModel(g.toBytes(), manifest, 'fixed.onnx')).rejects.toThrow(/fixed\.onnx: the model cannot be prepared for the Metis compiler \(input-shape\): ONNX Runtime refuses the result .* re-export it with batch 1/);
  });
});
