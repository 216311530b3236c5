/**
 * One training of the areas' CNN with the training engine (train/train-member.ts: AdamW, cosine schedule, rot90/flip
 * augmentation, per-batch progress, the signal checked every batch), on some of the patches cut from the areas, and
 * its predictions on others (ONNX Runtime on the model as exported: what the bundle will run).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { AreasCnnSettings } from '../../../shared/contract/areas';
import { trainParamsSchema, type EpochRecord, type MemberSpec } from '../../../shared/contract/training';
import type { Normalisation } from '../../so2sat/normalise';
import type { So2SatFile } from '../../so2sat/so2sat-file';
import type { MemberChannels } from '../../train/input-modes';
import { rowArgmax } from '../../train/member-input';
import { MemberPredictor } from '../../train/member-predictions';
import { trainMember, type BatchProgress } from '../../train/train-member';

export interface CnnTraining {
  file: So2SatFile;
  model: LayersModel;
  spec: MemberSpec;
  channels: MemberChannels;
  sen2: Normalisation;
  cnn: AreasCnnSettings;
  train: Uint32Array;
  /** Patches scored after each epoch (the curve only: nothing is chosen on them). */
  validation: Uint32Array;
  /** Where the engine keeps its per-epoch checkpoints (a new folder inside it, removed after). */
  workDir: string;
  signal: AbortSignal;
  onBatch: (p: BatchProgress) => void;
}

export async function trainCnn(t: CnnTraining): Promise<EpochRecord[]> {
  const params = trainParamsSchema.parse({
    train: t.file.path,
    members: [t.spec],
    epochs: t.cnn.epochs,
    batchSize: t.cnn.batchSize,
    learningRate: t.cnn.learningRate,
  });
  const memberDir = await mkdtemp(join(t.workDir, 'member-'));
  try {
    const { history } = await trainMember({
      file: t.file,
      train: t.train,
      validation: t.validation,
      spec: t.spec,
      channels: t.channels,
      sen2: t.sen2,
      sen1: null,
      params,
      memberDir,
      signal: t.signal,
      onBatch: t.onBatch,
      onEpoch: () => Promise.resolve(),
      model: t.model,
    });
    return history;
  } finally {
    await rm(memberDir, { recursive: true, force: true });
  }
}

/** The LCZ value (1-17) the model gives each of `patches`. */
export async function predictCnn(model: LayersModel, channels: MemberChannels, file: So2SatFile, patches: Uint32Array, sen2: Normalisation, signal: AbortSignal): Promise<Uint8Array> {
  const predictor = await MemberPredictor.open(model, channels);
  try {
    const { probabilities } = await predictor.predict(file, patches, { sen2, sen1: null }, signal);
    return rowArgmax(probabilities, 17).map((k) => k + 1);
  } finally {
    await predictor.dispose();
  }
}
