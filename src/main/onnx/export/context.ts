/**
 * What the layer converters share: the graph being written, the tensors so far, and small constants. A tensor is
 * described by its TensorFlow shape without the batch ([H, W, C] or [F]); rank-4 tensors are NCHW inside the ONNX
 * graph (one Transpose at the input), so [H, W, C] in TensorFlow is [N, C, H, W] in ONNX, and a TensorFlow axis
 * must be mapped before use.
 */
import type { OnnxGraphBuilder } from '../graph-builder';

export interface ExportTensor {
  /** The ONNX tensor name. */
  name: string;
  /** TensorFlow shape without the batch dimension, every size known. */
  shape: readonly number[];
}

export class ExportContext {
  private readonly scalars = new Map<number, string>();
  private readonly weights = new Map<string, string>();

  constructor(readonly g: OnnxGraphBuilder) {}

  /**
   * The initializer of one weight of one layer, named "layer/weight" (Keras's own names, so the ONNX file reads like the
   * model summary). A layer applied twice reuses its initializers, as it reuses its weights.
   */
  weight(layerName: string, weightName: string, make: () => { data: Float32Array; shape: readonly number[] }): string {
    const key = `${layerName}/${weightName}`;
    let name = this.weights.get(key);
    if (!name) {
      const w = make();
      name = this.g.initializer(key, w.data, w.shape);
      this.weights.set(key, name);
    }
    return name;
  }

  /** A float32 scalar initializer holding `value` (one per value, shared by every node that needs it). */
  scalar(value: number): string {
    let name = this.scalars.get(value);
    if (!name) {
      name = this.g.initializer(this.g.freshName('const'), Float32Array.of(value), []);
      this.scalars.set(value, name);
    }
    return name;
  }
}

/**
 * The ONNX axis of a TensorFlow axis for a tensor of this shape (batch excluded): for a feature map, channels (TF 3)
 * are ONNX axis 1 and height and width (TF 1, 2) move to 2 and 3; vectors keep their axes.
 */
export function onnxAxis(tfAxis: number, shape: readonly number[]): number {
  const rank = shape.length + 1;
  const axis = tfAxis < 0 ? tfAxis + rank : tfAxis;
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new Error(`axis ${tfAxis} is outside a rank-${rank} tensor`);
  if (rank !== 4) return axis;
  return [0, 2, 3, 1][axis]!;
}
