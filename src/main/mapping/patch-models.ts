/**
 * Where a mapping's models run: ONNX Runtime on this machine's CPU (one classifier thread, the members loaded into it
 * one after another), or a Metis card through a deployment (metis/run/card-models.ts, loaded only when asked for).
 * The mapping engine sees the same PatchClassifier either way, so both write the same outputs.
 */
import type { MapSceneParams } from '../../shared/contract/jobs';
import type { ResultDevice } from '../../shared/contract/metis';
import type { Bundle } from '../bundles/bundle-io';
import { ONNXRUNTIME_VERSION } from '../onnx/classifier-session';
import { ClassifierWorker } from '../onnx/classifier-worker';
import type { PatchClassifier } from './batch-runner';

export interface PatchModels {
  /** The model of a member, when its turn comes (the previous member's batches have all come back). */
  load(bundle: Bundle): Promise<PatchClassifier>;
  /** Where the models ran, for the result's summary. */
  engine(batchCells: number): string;
  /** The card, when not this machine's CPU. */
  device: ResultDevice | null;
  dispose(): Promise<void>;
}

function cpuModels(threads: number): PatchModels {
  let worker: ClassifierWorker | null = null;
  return {
    load: async (bundle) => {
      if (worker) await worker.load(bundle);
      else worker = await ClassifierWorker.open(bundle, { threads });
      return worker;
    },
    engine: (batchCells) => `onnxruntime-node ${ONNXRUNTIME_VERSION}, ${threads} threads, batches of ${batchCells} cells`,
    device: null,
    dispose: async () => {
      await worker?.dispose();
    },
  };
}

export async function openPatchModels(params: Pick<MapSceneParams, 'device'>, bundles: readonly Bundle[], threads: number): Promise<PatchModels> {
  if (!params.device) return cpuModels(threads);
  const card = await (await import('../metis/run/card-models')).openCardModels(params.device, bundles);
  return { load: card.load, engine: (batchCells) => `${card.engine}, batches of ${batchCells} cells`, device: card.device, dispose: card.dispose };
}
