/**
 * Exports a trained TensorFlow.js layers model (a patch classifier: one input [N, H, W, C], one output [N, K]) to ONNX
 * with LCZ Studio's own graph writer. The ONNX input is NHWC by default, the layout So2Sat and the tf models use, or
 * NCHW; inside, the graph is NCHW (ONNX's only conv layout) after one Transpose. The batch dimension is free ("N").
 *
 * The output is named "logits", or "probabilities" when the model ends in a softmax, so a bundle manifest can say
 * which (a final log-softmax gives log-probabilities, which are logits as far as softmax(x / T) is concerned).
 */
import { OnnxGraphBuilder } from '../graph-builder';
import type { InputLayout } from '../conv-classifier';
import * as op from '../op-helpers';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ExportContext, type ExportTensor } from './context';
import { convertLayer } from './converters';
import { layerConfig, layerError, modelGraph, type Layer, type LayerCall } from './tf-graph';

export interface OnnxExportOptions {
  /** Default-domain opset, 13-17; default 13. */
  opset?: number;
  /** Layout of the ONNX input; default 'NHWC' (as the tf model takes it). */
  layout?: InputLayout;
  /** Default "patches". */
  inputName?: string;
  /** Default "logits", or "probabilities" when the model ends in a softmax. */
  outputName?: string;
}

export interface ExportedModel {
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  outputKind: 'logits' | 'probabilities';
  layout: InputLayout;
  opset: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
}

/** The ONNX bytes of a tf model; see exportModel for what else the export knows. */
export function exportModelToOnnx(model: tfl.LayersModel, options: OnnxExportOptions = {}): Uint8Array {
  return exportModel(model, options).bytes;
}

export function exportModel(model: tfl.LayersModel, options: OnnxExportOptions = {}): ExportedModel {
  const layout = options.layout ?? 'NHWC';
  if (layout !== 'NHWC' && layout !== 'NCHW') throw new Error(`layout must be NHWC or NCHW, not ${String(layout)}`);
  const graph = modelGraph(model);
  const inShape = graph.input.shape;
  if (inShape.length !== 4 || inShape.slice(1).some((d) => d == null)) {
    throw new Error(`the model's input is [${inShape.map((d) => d ?? '?').join(', ')}]; the export needs a batch of patches [N, H, W, C] with H, W and C fixed`);
  }
  const [height, width, channels] = inShape.slice(1) as [number, number, number];
  const outShape = graph.output.shape;
  if (outShape.length !== 2 || outShape[1] == null) throw new Error(`the model's output is [${outShape.map((d) => d ?? '?').join(', ')}], not class scores [N, K]`);
  const classes = outShape[1];
  const outputKind = endsInSoftmax(graph.output.sourceLayer) ? 'probabilities' : 'logits';
  const inputName = options.inputName ?? 'patches';
  const outputName = options.outputName ?? outputKind;

  const g = new OnnxGraphBuilder({
    opset: options.opset,
    graphName: model.name,
    docString: `Exported by LCZ Studio from the TensorFlow.js model "${model.name}" (${model.countParams()} parameters).`,
  });
  const ctx = new ExportContext(g);
  const input = g.input(inputName, 'float32', layout === 'NCHW' ? ['N', channels, height, width] : ['N', height, width, channels]);
  const nchw = layout === 'NCHW' ? input : op.transpose(g, input, [0, 3, 1, 2]);
  const tensors = new Map<number, ExportTensor>([[graph.input.id, { name: nchw, shape: [height, width, channels] }]]);
  for (const call of graph.calls) {
    const inputs = call.inputs.map((t) => tensors.get(t.id)!);
    const shape = knownShape(call);
    tensors.set(call.output.id, { name: convertLayer(ctx, call, inputs, shape), shape });
  }
  // One name for the output whatever the last layer is (a dropout's output is its input's tensor): the Identity costs
  // nothing (onnxruntime removes it) and readers look through it for the op that makes the scores.
  op.identity(g, tensors.get(graph.output.id)!.name, outputName);
  g.output(outputName, 'float32', ['N', classes]);
  return { bytes: g.toBytes(), inputName, outputName, outputKind, layout, opset: g.opset, height, width, channels, classes };
}

/** The call's output shape without the batch: a feature map [H, W, C] or a vector [F], every size known. */
function knownShape(call: LayerCall): number[] {
  const shape = call.output.shape;
  const dims = shape.slice(1);
  if (dims.some((d) => d == null)) throw layerError(call.layer, `its output shape [${shape.map((d) => d ?? '?').join(', ')}] is not fully known`);
  if (shape.length !== 2 && shape.length !== 4) {
    throw layerError(call.layer, `it gives a rank-${shape.length} tensor; the export handles feature maps [N, H, W, C] and vectors [N, F] only`);
  }
  return dims as number[];
}

function endsInSoftmax(layer: Layer): boolean {
  return layer.getClassName() === 'Softmax' || layerConfig(layer).activation === 'softmax';
}
