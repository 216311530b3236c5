/**
 * What pruning cost and gained, measured in the same job for the parent and the pruned model: parameters and
 * multiply-accumulates (onnx/model-cost.ts), bytes of model.onnx, and overall accuracy in ONNX Runtime on the same
 * patches (the test file when given, else the share of the training file fine-tuning did not see). The pruned model's
 * temperature is fitted again on that held-out share: the parent's no longer fits it.
 */
import type { BundleManifest } from '../../../shared/bundle-manifest';
import { predictions } from '../../evaluation/evaluate-bundles';
import { temperatureFor, type Predictions } from '../../evaluation/scores';
import { ClassifierSession, threadsForMachine } from '../../onnx/classifier-session';
import { modelCost } from '../../onnx/model-cost';
import type { ModelProto } from '../../onnx/onnx-proto';
import type { Bundle } from '../../bundles/bundle-io';
import { rowArgmax } from '../member-input';
import type { PruneData } from './prune-data';

export interface ModelFigures {
  parameters: number;
  macs: number;
  bytes: number;
  oa: number;
}

export interface MeasuredModel {
  figures: ModelFigures;
  /** Fitted on the held-out share of the training file. */
  temperature: number;
}

/** OA of probabilities whose columns are `classes` (LCZ values), against 0-based So2Sat labels. */
function overallAccuracy(p: Predictions, classes: readonly number[]): number {
  const top = rowArgmax(p.probabilities, classes.length);
  let right = 0;
  top.forEach((k, i) => (right += classes[k] === p.labels[i]! + 1 ? 1 : 0));
  return right / Math.max(1, top.length);
}

/** Figures of a model given as its file (bundle-like: the parent's manifest says how to feed it) and decoded proto. */
export async function measureModel(model: { modelPath: string; manifest: BundleManifest; proto: ModelProto; bytes: number }, data: PruneData, bands: number[], signal: AbortSignal): Promise<MeasuredModel> {
  const cost = modelCost(model.proto);
  // Temperature 1: the raw softmax, to fit a temperature on.
  const bundle: Bundle = { dir: model.modelPath, modelPath: model.modelPath, manifest: { ...model.manifest, temperature: 1 } };
  const session = await ClassifierSession.open(bundle, { threads: threadsForMachine() });
  try {
    const heldOut = await predictions(session, bundle, bands, data.file, signal, data.validation);
    const scored = data.test ? await predictions(session, bundle, bands, data.test, signal) : heldOut;
    return {
      figures: { parameters: cost.parameters, macs: cost.macs, bytes: model.bytes, oa: overallAccuracy(scored, model.manifest.classes) },
      temperature: temperatureFor(heldOut),
    };
  } finally {
    await session.dispose();
  }
}
