import { afterAll, describe, expect, it } from 'vitest';
import { attr, OnnxGraphBuilder } from '../../src/main/onnx/graph-builder';
import { onnx, toNumber } from '../../src/main/onnx/onnx-proto';
import { makeCnnOnnx, tempFolder } from '../fixtures/onnx-models';
import { onnxCheckerFailures } from '../helpers/onnx-checker';
import { pythonMissing } from '../helpers/python';
import { runOnnx } from './ort';

const onnxMissing = pythonMissing('onnx');

const temp = tempFolder('lcz-onnx-builder-');
afterAll(temp.cleanup);

/** A graph using every attribute type and int64 initializers, outside any classifier. */
function generalGraph(opset: number): Uint8Array {
  const g = new OnnxGraphBuilder({ opset, docString: 'general graph', graphName: 'general' });
  g.metadata('purpose', 'test').metadata('lcz.classes', '1,2,3');
  const x = g.input('x', 'float32', ['batch', 2, 3]);
  const shape = g.int64Initializer('shape', [-1, 6]);
  const same = g.node1('Transpose', [x], { attributes: { perm: attr.ints([0, 1, 2]) } });
  const flat = g.node1('Reshape', [same, shape]); // [batch, 6]
  const bias = g.node1('Constant', [], { attributes: { value_floats: attr.floats([0.5, -0.5, 1, 0, 0, 2]) } });
  const sum = g.node1('Add', [flat, bias]);
  const leaky = g.node1('LeakyRelu', [sum], { attributes: { alpha: attr.float(0.1) } });
  const pads = g.int64Initializer('pads', [0, 1, 0, 1]);
  const padded = g.node1('Pad', [leaky, pads], { attributes: { mode: attr.string('constant') } }); // [batch, 8]
  g.node1('ArgMax', [padded], { attributes: { axis: attr.int(1), keepdims: attr.int(0) }, output: 'best' });
  g.node('TopK', [padded, g.int64Initializer('k', [2])], { outputs: ['top_values', 'top_indices'], attributes: { axis: attr.int(-1) } });
  g.output('best', 'int64', ['batch']);
  g.output('top_values', 'float32', ['batch', 2]);
  g.annotate(flat, 'float32', ['batch', 6]);
  return g.toBytes();
}

describe('OnnxGraphBuilder', () => {
  it.skipIf(onnxMissing)('writes models that pass the ONNX checker (full_check) at opsets 13-17', async () => {
    const files = [13, 15, 17].flatMap((opset) => [
      temp.put(`general-${opset}.onnx`, generalGraph(opset)),
      temp.put(`cnn-nchw-${opset}.onnx`, makeCnnOnnx({ opset })),
      temp.put(`cnn-nhwc-softmax-${opset}.onnx`, makeCnnOnnx({ opset, layout: 'NHWC', softmax: true, appendInputMeans: true, channels: 6, patchSize: 9, classes: 5 })),
      temp.put(`cnn-fixed-batch-${opset}.onnx`, makeCnnOnnx({ opset, batch: 4, channels: 3, patchSize: 8 })),
    ]);
    expect(await onnxCheckerFailures(files)).toEqual([]);
  });

  it.skipIf(onnxMissing)('is checked by a checker that does catch broken models', async () => {
    // The reference must be able to fail: a Conv whose weight rank does not match the input rank is refused.
    const g = new OnnxGraphBuilder();
    const x = g.input('x', 'float32', [1, 2, 4, 4]);
    const w = g.initializer('w', new Float32Array(4), [2, 2]);
    g.node1('Conv', [x, w], { output: 'y' });
    g.output('y', 'float32', [1, 2, 4, 4]);
    const failures = await onnxCheckerFailures([temp.put('broken.onnx', g.toBytes())]);
    expect(failures).toHaveLength(1);
  });

  it('writes what it was told: producer, opset, doc string, metadata, attributes, int64 data', async () => {
    const model = onnx.ModelProto.decode(generalGraph(17));
    expect(model.producerName).toBe('LCZ Studio');
    expect(model.producerVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(model.opsetImport.map((o) => [o.domain, toNumber(o.version)])).toEqual([['', 17]]);
    expect(toNumber(model.irVersion)).toBe(8);
    expect(model.docString).toBe('general graph');
    expect(model.metadataProps.map((p) => [p.key, p.value])).toEqual([['purpose', 'test'], ['lcz.classes', '1,2,3']]);
    const graph = model.graph!;
    expect(graph.input![0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || toNumber(d.dimValue))).toEqual(['batch', 2, 3]);
    const pad = graph.node!.find((n) => n.opType === 'Pad')!;
    expect(new TextDecoder().decode(pad.attribute![0]!.s!)).toBe('constant');

    const { data } = await runOnnx(generalGraph(13), Float32Array.from([1, -2, 3, -4, 5, -6, 0, 0, 0, 0, 0, 10]), [2, 2, 3]);
    // Sample 0: [1,-2,3,-4,5,-6] + bias = [1.5,-2.5,4,-4,5,-4] -> leaky -> padded; argmax is index 5 (5 + pad offset 1).
    expect(Array.from(data as ArrayLike<number | bigint>, Number)).toEqual([5, 6]);
  });

  it('refuses mistakes where they are made', () => {
    expect(() => new OnnxGraphBuilder({ opset: 12 })).toThrow(/opset 12/);
    expect(() => new OnnxGraphBuilder({ opset: 18 })).toThrow(/opset 18/);
    const g = new OnnxGraphBuilder();
    const x = g.input('x', 'float32', [1, 3]);
    expect(() => g.node1('Relu', ['nope'])).toThrow(/input nope is not defined/);
    expect(() => g.initializer('x', new Float32Array(3), [3])).toThrow(/used twice/);
    expect(() => g.initializer('w', new Float32Array(5), [2, 3])).toThrow(/5 values for dims \[2, 3\]/);
    expect(() => g.node1('Relu', [x], { attributes: { n: attr.int(1.5) } })).toThrow(/not an integer/);
    g.output('y', 'float32', [1, 3]);
    expect(() => g.toBytes()).toThrow(/output y is not produced/);
  });
});
