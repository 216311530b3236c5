/**
 * Trains one member of an ensemble on So2Sat patches with TensorFlow.js: AdamW (Adam with decoupled weight decay on
 * the kernels), a cosine or constant learning rate, random rot90/flip augmentation, per-batch progress, a validation
 * pass and a checkpoint after every epoch. It resumes from its checkpoint, so a cancel or a crash costs at most the
 * epoch under way. A distilled member (a student) trains the same way on the distillation loss, its teacher's
 * outputs fed per batch by the objective (distill/), and its curve gains the loss's parts and the agreement.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { EpochRecord, MemberSpec, TrainParams } from '../../shared/contract/training';
import { augmentBatch } from '../so2sat/augment';
import { epochOrder, mixSeed } from '../so2sat/epoch-order';
import type { Normalisation } from '../so2sat/normalise';
import type { So2SatFile } from '../so2sat/so2sat-file';
import { createModel } from './zoo';
import { seedDropout } from './zoo/blocks';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { DistillationObjective } from './distill/distill-objective';
import type { MemberChannels } from './input-modes';
import { memberInput } from './member-input';

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
  /** Distillation: the epoch's running means of the loss's parts so far. */
  hardLoss?: number;
  softLoss?: number;
}

export interface MemberTraining {
  file: So2SatFile;
  train: Uint32Array;
  validation: Uint32Array;
  spec: MemberSpec;
  channels: MemberChannels;
  sen2: Normalisation;
  sen1: Normalisation | null;
  params: TrainParams;
  memberDir: string;
  signal: AbortSignal;
  onBatch: (p: BatchProgress) => void;
  /** After each epoch's checkpoint: the run records the curve. */
  onEpoch: (record: EpochRecord, history: EpochRecord[]) => Promise<void>;
  /** Distillation: the member learns from a teacher's soft targets too (distill/); null or absent: the labels only. */
  objective?: DistillationObjective | null;
  /** A model to train from its present weights instead of a new one built from the spec (a pruned model fine-tuning). */
  model?: LayersModel;
}

const CLASSES = 17;
/** Seed streams of a member, besides its weights': the order of each epoch, and the dropout masks of each step. */
const ORDER_STREAM = 0xe90c;
const DROPOUT_STREAM = 0xd209;

/** The learning rate at a step: cosine decay from the base rate to zero over the run, or constant. */
export function learningRateAt(params: Pick<TrainParams, 'learningRate' | 'schedule'>, step: number, totalSteps: number): number {
  if (params.schedule === 'constant') return params.learningRate;
  return 0.5 * params.learningRate * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / Math.max(1, totalSteps)));
}

/** Cross-entropy with the labels: the models end in logits; soft labels (the label-distribution subset) work as well as one-hot ones. */
const crossEntropy = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.losses.softmaxCrossEntropy(yTrue, yPred);

/** The member's model, built from its spec and compiled for training on logits (with another loss when given: distillation). */
export function compiledModel(spec: MemberSpec, channels: number, learningRate: number, loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor = crossEntropy): { model: LayersModel; optimizer: tf.AdamOptimizer } {
  return compileForTraining(createModel(spec.arch, { channels, classes: CLASSES, seed: spec.seed, width: spec.width }), learningRate, loss);
}

/** Any model compiled for training on logits, as compiledModel compiles the zoo's. */
export function compileForTraining(model: LayersModel, learningRate: number, loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor = crossEntropy): { model: LayersModel; optimizer: tf.AdamOptimizer } {
  const optimizer = tf.train.adam(learningRate);
  model.compile({ optimizer, loss, metrics: ['accuracy'] });
  return { model, optimizer };
}

/** Shrinks every kernel by lr x decay: AdamW's decoupled weight decay (biases and batch-norm parameters are spared). */
function decayKernels(model: LayersModel, factor: number): void {
  if (factor === 1) return;
  tf.tidy(() => {
    for (const w of model.trainableWeights) if (/kernel/.test(w.originalName)) w.write(tf.mul(w.read(), factor));
  });
}

interface Validation {
  loss: number;
  accuracy: number;
  /** Distillation: the means of the loss's parts, and the share of patches where the student's class is the teacher's. */
  distillation: { hard: number; soft: number; agreement: number } | null;
}

/** Mean loss and accuracy of the model on some patches (inference mode, no augmentation); the distillation loss and its figures when distilling. */
export async function validate(model: LayersModel, t: MemberTraining, indices: Uint32Array): Promise<Validation> {
  const objective = t.objective ?? null;
  let loss = 0;
  let right = 0;
  let n = 0;
  const parts = { hard: 0, soft: 0, agree: 0 };
  for await (const batch of t.file.batches(indices, 256, { sen2Normalisation: t.sen2, sen1: t.channels.sen1.length > 0, sen1Normalisation: t.sen1, signal: t.signal })) {
    const [logits, ys, hits] = tf.tidy(() => {
      const xs = tf.tensor4d(memberInput(batch, t.channels), [batch.n, 32, 32, t.channels.names.length]);
      const labels = tf.tensor2d(batch.labels, [batch.n, CLASSES]);
      const out = model.predict(xs) as tf.Tensor2D;
      return [out, labels, tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(labels, 1)), 'float32'))];
    });
    if (objective) {
      const sums = await objective.validate(logits, ys, batch.indices);
      loss += sums.loss;
      parts.hard += sums.hard;
      parts.soft += sums.soft;
      parts.agree += sums.agree;
    } else {
      const l = tf.tidy(() => tf.mul(tf.losses.softmaxCrossEntropy(ys, logits), batch.n));
      loss += (await l.data())[0]!;
      l.dispose();
    }
    right += (await hits.data())[0]!;
    tf.dispose([logits, ys, hits]);
    n += batch.n;
  }
  const share = (x: number) => x / Math.max(1, n);
  return { loss: share(loss), accuracy: share(right), distillation: objective ? { hard: share(parts.hard), soft: share(parts.soft), agreement: share(parts.agree) } : null };
}

/** Trains (or resumes) a member; returns its model with the weights of the last epoch. */
export async function trainMember(t: MemberTraining): Promise<{ model: LayersModel; history: EpochRecord[] }> {
  const { params, spec, signal } = t;
  const objective = t.objective ?? null;
  const { model, optimizer } = t.model ? compileForTraining(t.model, params.learningRate, objective?.loss) : compiledModel(spec, t.channels.names.length, params.learningRate, objective?.loss);
  const saved = await loadCheckpoint(t.memberDir, model, optimizer);
  const history = saved?.history ?? [];
  const batches = Math.ceil(t.train.length / params.batchSize);
  const totalSteps = batches * params.epochs;
  const needsSen1 = t.channels.sen1.length > 0;

  for (let epoch = (saved?.epoch ?? 0) + 1; epoch <= params.epochs; epoch++) {
    const started = performance.now();
    const order = epochOrder(t.train, { seed: mixSeed(spec.seed, ORDER_STREAM), epoch });
    let lossSum = 0;
    let rightSum = 0;
    let hardSum = 0;
    let softSum = 0;
    let seen = 0;
    let batch = 0;
    let rate = params.learningRate;
    for await (const b of t.file.batches(order, params.batchSize, { sen2Normalisation: t.sen2, sen1: needsSen1, sen1Normalisation: t.sen1, signal })) {
      signal.throwIfAborted();
      const step = (epoch - 1) * batches + batch;
      rate = learningRateAt(params, step, totalSteps);
      (optimizer as unknown as { learningRate: number }).learningRate = rate;
      // By the step's number, not a running generator: a resumed run draws the masks the uninterrupted one would.
      seedDropout(model, mixSeed(mixSeed(spec.seed, DROPOUT_STREAM), step));
      let input = memberInput(b, t.channels);
      if (params.augment) input = augmentBatch([{ patches: input, channels: t.channels.names.length }], b.n, 32, mixSeed(spec.seed, epoch * 1_000_003 + batch)).arrays[0]!;
      const xs = tf.tensor4d(input, [b.n, 32, 32, t.channels.names.length]);
      const ys = tf.tensor2d(b.labels, [b.n, CLASSES]);
      // The teacher's rows are those of the patches as read: the augmentation turns the student's view only.
      if (objective) await objective.beforeStep(b.indices);
      const [loss, accuracy] = (await model.trainOnBatch(xs, ys)) as number[];
      xs.dispose();
      ys.dispose();
      if (objective) {
        const parts = await objective.afterStep();
        hardSum += parts.hard * b.n;
        softSum += parts.soft * b.n;
      }
      decayKernels(model, 1 - rate * params.weightDecay);
      lossSum += loss! * b.n;
      rightSum += accuracy! * b.n;
      seen += b.n;
      batch++;
      const seconds = (performance.now() - started) / 1000;
      const distilled = objective ? { hardLoss: hardSum / seen, softLoss: softSum / seen } : {};
      t.onBatch({ epoch, batch, batches, loss: lossSum / seen, accuracy: rightSum / seen, samplesPerSecond: seen / seconds, ...distilled });
    }
    const trainSeconds = (performance.now() - started) / 1000;
    const val = await validate(model, t, t.validation);
    const record: EpochRecord = {
      epoch,
      loss: lossSum / Math.max(1, seen),
      accuracy: rightSum / Math.max(1, seen),
      valLoss: val.loss,
      valAccuracy: val.accuracy,
      learningRate: rate,
      seconds: (performance.now() - started) / 1000,
      samplesPerSecond: seen / trainSeconds,
      ...(val.distillation
        ? {
            distillation: {
              hardLoss: hardSum / Math.max(1, seen),
              softLoss: softSum / Math.max(1, seen),
              valHardLoss: val.distillation.hard,
              valSoftLoss: val.distillation.soft,
              valAgreement: val.distillation.agreement,
            },
          }
        : {}),
    };
    history.push(record);
    await saveCheckpoint(t.memberDir, model, optimizer, { epoch, history });
    await t.onEpoch(record, history);
  }
  return { model, history };
}
