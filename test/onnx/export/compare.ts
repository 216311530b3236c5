/** Runs an exported model with onnxruntime and tells how far its outputs are from the tf model's own predictions. */
import type * as tfl from '@tensorflow/tfjs-layers';
import { exportModel, type OnnxExportOptions } from '../../../src/main/onnx/export';
import { maxAbsDiff, runOnnx } from '../ort';
import { nhwcToNchw, predict, type tf } from '../../train/zoo/tf-test-utils';

export interface Comparison {
  /** Largest |onnxruntime - tf| over all outputs. */
  diff: number;
  /** Largest |tf output|: a comparison of near-zero outputs proves little. */
  scale: number;
  bytes: Uint8Array;
}

export async function compareWithTf(model: tfl.LayersModel, x: tf.Tensor4D, options: OnnxExportOptions = {}): Promise<Comparison> {
  const exported = exportModel(model, options);
  const [n, h, w, c] = x.shape;
  const fed = exported.layout === 'NCHW' ? nhwcToNchw(x) : (x.dataSync() as Float32Array);
  const { data, dims } = await runOnnx(exported.bytes, fed, exported.layout === 'NCHW' ? [n, c, h, w] : [n, h, w, c]);
  const expected = predict(model, x);
  if (dims.join() !== [n, exported.classes].join()) throw new Error(`onnxruntime gave [${dims.join(', ')}], expected [${n}, ${exported.classes}]`);
  return { diff: maxAbsDiff(data, expected), scale: expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0), bytes: exported.bytes };
}
