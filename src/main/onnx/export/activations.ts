/**
 * TensorFlow.js activation functions as ONNX ops, for Activation layers and the `activation` option of Conv2D, Dense
 * and friends. The constants match: tfjs's hardSigmoid is clip(0.2 x + 0.5, 0, 1) (ONNX HardSigmoid's defaults), its
 * selu uses the same alpha and scale as ONNX Selu's defaults, its elu has alpha 1.
 */
import { attr } from '../graph-builder';
import * as op from '../op-helpers';
import { onnxAxis, type ExportContext, type ExportTensor } from './context';
import { layerError, type Layer } from './tf-graph';

export const SUPPORTED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'logSoftmax', 'softplus', 'softsign', 'swish'] as const;

/** Applies the named activation to x; 'linear' (or none) returns x itself. */
export function activation(ctx: ExportContext, layer: Layer, x: ExportTensor, name: string | null | undefined): string {
  const g = ctx.g;
  switch (name ?? 'linear') {
    case 'linear':
      return x.name;
    case 'relu':
      return op.relu(g, x.name);
    case 'relu6':
      return op.clip(g, x.name, ctx.scalar(0), ctx.scalar(6));
    case 'elu':
      return g.node1('Elu', [x.name], { attributes: { alpha: attr.float(1) } });
    case 'selu':
      return g.node1('Selu', [x.name]);
    case 'sigmoid':
      return g.node1('Sigmoid', [x.name]);
    case 'hardSigmoid':
      return g.node1('HardSigmoid', [x.name], { attributes: { alpha: attr.float(0.2), beta: attr.float(0.5) } });
    case 'tanh':
      return g.node1('Tanh', [x.name]);
    case 'softmax':
      return op.softmax(g, x.name, onnxAxis(-1, x.shape));
    case 'logSoftmax':
      return g.node1('LogSoftmax', [x.name], { attributes: { axis: attr.int(onnxAxis(-1, x.shape)) } });
    case 'softplus':
      return g.node1('Softplus', [x.name]);
    case 'softsign':
      return g.node1('Softsign', [x.name]);
    case 'swish':
      return op.binary(g, 'Mul', x.name, g.node1('Sigmoid', [x.name]));
    default:
      throw layerError(layer, `the activation "${name}" is not supported (supported: ${SUPPORTED_ACTIVATIONS.join(', ')})`);
  }
}
