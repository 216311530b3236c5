/** Which converter writes each tfjs layer class; a class missing here cannot be exported. */
import type { ExportContext, ExportTensor } from './context';
import * as other from './other-layers';
import * as spatial from './spatial-layers';
import { layerError, type LayerCall } from './tf-graph';

/** Writes the ONNX nodes of one layer call and returns the name of the tensor it produces. */
export type Converter = (ctx: ExportContext, call: LayerCall, inputs: ExportTensor[], outShape: readonly number[]) => string;

const CONVERTERS: Readonly<Record<string, Converter>> = {
  Conv2D: spatial.convertConv2d,
  DepthwiseConv2D: spatial.convertDepthwiseConv2d,
  SeparableConv2D: spatial.convertSeparableConv2d,
  MaxPooling2D: spatial.convertPooling2d,
  AveragePooling2D: spatial.convertPooling2d,
  GlobalAveragePooling2D: spatial.convertGlobalPooling2d,
  GlobalMaxPooling2D: spatial.convertGlobalPooling2d,
  ZeroPadding2D: spatial.convertZeroPadding2d,
  BatchNormalization: other.convertBatchNormalization,
  Activation: other.convertActivation,
  ReLU: other.convertReLU,
  LeakyReLU: other.convertLeakyReLU,
  ELU: other.convertElu,
  Softmax: other.convertSoftmax,
  Dense: other.convertDense,
  Flatten: other.convertFlatten,
  Add: other.convertMerge,
  Average: other.convertMerge,
  Multiply: other.convertMerge,
  Maximum: other.convertMerge,
  Minimum: other.convertMerge,
  Concatenate: other.convertConcatenate,
  Dropout: other.convertIdentity,
  SpatialDropout1D: other.convertIdentity,
  GaussianNoise: other.convertIdentity,
  GaussianDropout: other.convertIdentity,
  AlphaDropout: other.convertIdentity,
};

export const SUPPORTED_LAYERS: readonly string[] = Object.keys(CONVERTERS);

export function convertLayer(ctx: ExportContext, call: LayerCall, inputs: ExportTensor[], outShape: readonly number[]): string {
  const kind = call.layer.getClassName();
  const converter = CONVERTERS[kind];
  if (!converter) throw layerError(call.layer, `${kind} layers cannot be exported to ONNX yet (supported: ${SUPPORTED_LAYERS.join(', ')})`);
  return converter(ctx, call, inputs, outShape);
}
