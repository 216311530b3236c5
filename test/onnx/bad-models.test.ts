import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { classifierSignature, inspectClassifierFile } from '../../src/main/onnx/classifier-signature';
import { OnnxGraphBuilder } from '../../src/main/onnx/graph-builder';
import { inspectModelFile } from '../../src/main/onnx/inspect-model';
import { onnx } from '../../src/main/onnx/onnx-proto';
import { UserError } from '../../src/shared/errors';
import { makeCnnOnnx, makeRank2InputOnnx, tempFolder, withOpset } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-onnx-bad-');
afterAll(temp.cleanup);

/** Inspects as a classifier; resolves to the UserError thrown (the test fails if none is). */
async function problemWith(path: string): Promise<UserError> {
  try {
    await inspectClassifierFile(path);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

function twoInputModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  const a = g.input('optical', 'float32', ['N', 10, 32, 32]);
  const b = g.input('radar', 'float32', ['N', 10, 32, 32]);
  const sum = g.node1('Add', [a, b]);
  g.node1('ReduceMean', [sum], { output: 'scores', attributes: { axes: { type: 'ints', value: [2, 3] }, keepdims: { type: 'int', value: 0 } } });
  g.output('scores', 'float32', ['N', 10]);
  return g.toBytes();
}

function rank4OutputModel(): Uint8Array {
  const g = new OnnxGraphBuilder();
  const x = g.input('patches', 'float32', ['N', 4, 8, 8]);
  g.node1('Relu', [x], { output: 'map' });
  g.output('map', 'float32', ['N', 4, 8, 8]);
  return g.toBytes();
}

function externalDataModel(): Uint8Array {
  const model = onnx.ModelProto.decode(makeCnnOnnx({ channels: 3, patchSize: 8, classes: 4 }));
  const w = model.graph!.initializer![0]!;
  w.rawData = new Uint8Array(0);
  w.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  w.externalData = [{ key: 'location', value: 'weights.bin' }];
  return onnx.ModelProto.encode(model).finish();
}

describe('files LCZ Studio cannot use give a UserError naming the file and the problem', () => {
  const good = makeCnnOnnx({ channels: 10, patchSize: 32, classes: 17 });
  const cases: [string, () => string, RegExp][] = [
    ['a text file', () => temp.put('notes.onnx', 'This is not a model, just some notes.\n'), /not an ONNX model file/],
    ['an empty file', () => temp.put('empty.onnx', new Uint8Array(0)), /empty/],
    ['a file cut in half', () => temp.put('half.onnx', good.subarray(0, good.length >> 1)), /truncated or damaged/],
    ['a file missing its last bytes', () => temp.put('short.onnx', good.subarray(0, good.length - 3)), /truncated or damaged/],
    ['a file missing its opset record', () => temp.put('no-opset.onnx', good.subarray(0, good.length - 6)), /imports no ONNX opset \(a damaged or truncated file\?\)/],
    ['opset 9', () => temp.put('old.onnx', withOpset(good, 9)), /opset 9.*re-export with opset 13-17/],
    ['opset 18', () => temp.put('new.onnx', withOpset(good, 18)), /opset 18.*re-export with opset 13-17/],
    ['a 2-D input', () => temp.put('tabular.onnx', makeRank2InputOnnx()), /input "features" has shape \[N, 10\] \(rank 2\).*rank-4/],
    ['two inputs', () => temp.put('fusion.onnx', twoInputModel()), /2 inputs \(optical, radar\)/],
    ['a map output', () => temp.put('segmenter.onnx', rank4OutputModel()), /output "map" has \[N, 4, 8, 8\].*\[N, K\]/],
    ['external weights', () => temp.put('external.onnx', externalDataModel()), /external data.*single \.onnx file/],
    ['a missing file', () => join(temp.dir, 'absent.onnx'), /does not exist/],
    ['a folder', () => temp.dir, /a folder, not an ONNX model file/],
  ];
  for (const [what, make, problem] of cases) {
    it(what, async () => {
      const path = make();
      const error = await problemWith(path);
      expect(error.message.startsWith(`${path}: `), error.message).toBe(true);
      expect(error.message).toMatch(problem);
    });
  }

  it('accepts the untouched model the bad ones were made from', async () => {
    expect(classifierSignature(await inspectModelFile(temp.put('good.onnx', good))).classes).toBe(17);
  });
});
