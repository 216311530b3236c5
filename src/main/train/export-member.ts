import { basename } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { bandSpec, SO2SAT_S2_BANDS } from '../../shared/bands';
import type { ModelScores } from '../../shared/contract/evaluation';
import type { BackendInfo, RunStatus } from '../../shared/contract/training';
import { writeModelBundle } from '../onnx/export';
import type { Normalisation } from '../so2sat/normalise';
import type { MemberChannels } from './input-modes';
import { architecture, type ArchId } from './zoo';
import { bundleDistillation, distillationSentence } from './distill/provenance';

export interface MemberExport {
  status: RunStatus;
  index: number;
  channels: MemberChannels;
  sen2: Normalisation;
  backend: BackendInfo;
  /** The member's scores, when the run was evaluated (they carry its fitted temperature). */
  scores: ModelScores | null;
  /** What the scores were measured on. */
  data: string;
  opset?: number;
}

/**
 * Writes a trained member as a mapping bundle: the model (ONNX, NHWC as So2Sat patches), its bands with the
 * normalisation it was trained with, the temperature fitted on validation data, how it was made, and its scores.
 */
export async function exportMember(dir: string, model: LayersModel, e: MemberExport): Promise<string> {
  const { status, index } = e;
  const spec = status.members[index]!.spec;
  const p = status.params;
  const arch = architecture(spec.arch as ArchId);
  const bands = e.channels.sen2.map((i) => ({ id: SO2SAT_S2_BANDS[i]!, mean: e.sen2.mean[i]!, std: e.sen2.std[i]! }));
  const history = status.members[index]!.history;
  // A student's bundle names its teacher (bundles and their sha256) and how it was taught.
  const distillation = bundleDistillation(status);
  const bundle = await writeModelBundle(dir, model, {
    name: `${arch.name} · ${spec.inputs === 'all' ? 'all bands' : bands.map((b) => bandSpec(b.id)?.name).join(' ')} · seed ${spec.seed}`,
    description: `Member ${index + 1} of the run "${status.name}". ${arch.description}`,
    bands,
    resolutionM: 10,
    temperature: e.scores?.temperature ?? 1,
    provenance: {
      // The data by its file name (the app shows this line; a path may be a temporary folder): `source` has the path.
      method: `${distillation ? distillationSentence(distillation) : ''}Trained by LCZ Studio on ${basename(p.train)}: ${arch.name} (width ${spec.width}), ${history.length} epochs, batch ${p.batchSize}, AdamW (lr ${p.learningRate}, ${p.schedule}, weight decay ${p.weightDecay})${p.augment ? ', rot90/flip augmentation' : ''}; ${e.scores ? 'temperature fitted on validation data' : 'not calibrated (the run was not evaluated)'}`,
      backend: `${e.backend.name} (${e.backend.version}, ${e.backend.threads} threads)`,
      seed: spec.seed,
      source: p.train,
      reproduce: `${distillation ? 'lcz distill' : 'lcz train'} (run ${status.id}, member ${index + 1})`,
      ...(distillation ? { distillation } : {}),
    },
    metrics: {
      ...(e.scores
        ? { oa: e.scores.oa, kappa: e.scores.kappa, macroF1: e.scores.macroF1 ?? 0, eceBefore: e.scores.calibrationBefore.ece, eceAfter: e.scores.calibrationAfter.ece }
        : {}),
      valAccuracy: history.at(-1)?.valAccuracy ?? 0,
    },
    // Mapping with the run's members fuses them as the run did (its reported ensemble accuracy is for that rule).
    ensemble: { run: status.id, runName: status.name, members: status.members.length, member: index + 1, fusion: p.fusion },
    export: { opset: e.opset ?? 13, layout: 'NHWC' },
  });
  return bundle.dir;
}
