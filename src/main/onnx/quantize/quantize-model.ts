/**
 * Int8 quantization of an ONNX classifier, without bundles or data files: prepareQuantization folds the
 * BatchNormalizations and plans the QDQ layout (refusing a model with nothing to quantize before any work), then
 * quantizeModel calibrates on the patches given and writes the QDQ model. quantize-bundle.ts drives it for bundles.
 */
import { UserError } from '../../../shared/errors';
import { decodedGraph, onnx, type ModelProto } from '../onnx-proto';
import { PRODUCER_NAME, producerVersion } from '../producer';
import { calibrateRanges, type CalibrationRun, type CalibrationSettings } from './calibrate';
import { WEIGHT_LEVELS } from './quant-params';
import { calibrationGraph } from './calibration-graph';
import { foldBatchNorms } from './fold-batch-norm';
import { nodeLabel } from '../node-attributes';
import { GraphIndex } from './graph-index';
import { writeQdq } from './qdq-writer';
import { planQuantization, type FloatOp, type QuantizePlan } from './quantize-plan';

export interface PreparedModel {
  /** The float model, BatchNormalization folded (rewritten in place by quantizeModel). */
  model: ModelProto;
  index: GraphIndex;
  plan: QuantizePlan;
  foldedBatchNorms: number;
  /** The tensors whose range calibration measures. */
  calibrated: string[];
}

export interface QuantizedModel {
  bytes: Uint8Array;
  leftInFloat: FloatOp[];
  /** Nodes running in int8, by op type. */
  quantized: Record<string, number>;
  foldedBatchNorms: number;
}

/** Folds and plans `model` (decoded; it is modified); a UserError naming `file` when nothing in it has an int8 form. */
export function prepareQuantization(model: ModelProto, file: string): PreparedModel {
  const graph = decodedGraph(model);
  const foldedBatchNorms = foldBatchNorms(graph);
  const index = new GraphIndex(graph);
  const plan = planQuantization(index);
  if (![...plan.treatments.values()].some((t) => t.kind === 'weighted')) {
    const weightless = [...plan.treatments].filter(([node, t]) => t.kind === 'float' && ['Conv', 'Gemm', 'MatMul'].includes(node.opType ?? '')).map(([node]) => nodeLabel(node));
    const why = weightless.length ? ` (${weightless.join(', ')} ${weightless.length === 1 ? 'takes its' : 'take their'} weights from other tensors, not constants)` : '';
    throw new UserError(`has no Conv, Gemm or MatMul with constant weights${why}: there is nothing to quantize`, file);
  }
  const calibrated = [...plan.tensors].filter(([, source]) => source.kind === 'calibrated').map(([name]) => name);
  return { model, index, plan, foldedBatchNorms, calibrated };
}

export type CalibrationInput = Omit<CalibrationRun, 'model' | 'tensors'>;

export interface QuantizeOptions {
  calibration: CalibrationSettings;
  /** Weights in [-64, 64] (7 bits; right for every x86 machine) rather than [-127, 127] (quant-params.ts says why). */
  reduceRange: boolean;
  /** The ONNX file's doc_string. */
  docString: string;
}

/** Calibrates the prepared model on `input` and returns its QDQ form. */
export async function quantizeModel(prepared: PreparedModel, input: CalibrationInput, options: QuantizeOptions): Promise<QuantizedModel> {
  const { model, index, plan, calibrated } = prepared;
  const ranges = await calibrateRanges({ ...input, model: calibrationGraph(model, calibrated, input.inputName), tensors: calibrated }, options.calibration);
  const { quantized } = writeQdq(index, plan, ranges, options.reduceRange ? WEIGHT_LEVELS.reduced : WEIGHT_LEVELS.full);
  model.producerName = PRODUCER_NAME;
  model.producerVersion = producerVersion();
  model.docString = options.docString;
  return { bytes: onnx.ModelProto.encode(model).finish(), leftInFloat: plan.leftInFloat, quantized, foldedBatchNorms: prepared.foldedBatchNorms };
}
