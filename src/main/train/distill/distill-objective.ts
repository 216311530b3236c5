/**
 * Distillation as the training engine (train-member.ts) runs it: the loss the student's model is compiled with, fed
 * before each step with the teacher's cached logits of the batch's patches, and the figures of each step and of
 * validation (the loss's hard and soft parts, agreement with the teacher). The teacher's rows are read from the
 * cache as batches come, so nothing grows with the training file.
 */
import * as tf from '@tensorflow/tfjs-core';
import { agreements, distillationLoss, type DistillLossSettings } from './distill-loss';
import { CLASSES, type CacheReader } from './teacher-cache';

/** What one step or one validation batch adds up to: sums over its patches. */
export interface ObjectiveSums {
  loss: number;
  hard: number;
  soft: number;
  agree: number;
}

/** The training engine's view of a distillation (so that train-member.ts needs no distillation code). */
export interface DistillationObjective {
  /** The loss to compile the model with: (labels, student logits) -> L, the teacher's logits set by beforeStep. */
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  /** Before a training step on these patches (in the batch's order). */
  beforeStep(indices: Uint32Array): Promise<void>;
  /** After the step: the batch means of its hard and soft parts. */
  afterStep(): Promise<{ hard: number; soft: number }>;
  /** A validation batch: its student logits and labels, and its patches. */
  validate(logits: tf.Tensor2D, labels: tf.Tensor2D, indices: Uint32Array): Promise<ObjectiveSums>;
}

export class CachedTeacherObjective implements DistillationObjective {
  private teacher: tf.Tensor2D | null = null;
  private parts: { hard: tf.Scalar; soft: tf.Scalar } | null = null;

  constructor(
    private readonly targets: CacheReader,
    private readonly settings: DistillLossSettings,
  ) {}

  readonly loss = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => {
    if (!this.teacher) throw new Error('distillation step without the teacher\'s outputs (beforeStep was not called)');
    const { loss, hard, soft } = distillationLoss(yPred as tf.Tensor2D, yTrue as tf.Tensor2D, this.teacher, this.settings);
    this.disposeParts();
    this.parts = { hard, soft };
    return loss;
  };

  async beforeStep(indices: Uint32Array): Promise<void> {
    const rows = await this.targets.rows(indices);
    this.teacher?.dispose();
    this.teacher = tf.tensor2d(rows, [indices.length, CLASSES]);
  }

  async afterStep(): Promise<{ hard: number; soft: number }> {
    const parts = this.parts;
    if (!parts) throw new Error('distillation step that computed no loss');
    const [hard, soft] = await Promise.all([parts.hard.data(), parts.soft.data()]);
    this.disposeParts();
    this.teacher?.dispose();
    this.teacher = null;
    return { hard: hard[0]!, soft: soft[0]! };
  }

  async validate(logits: tf.Tensor2D, labels: tf.Tensor2D, indices: Uint32Array): Promise<ObjectiveSums> {
    const teacher = tf.tensor2d(await this.targets.rows(indices), [indices.length, CLASSES]);
    const figures = tf.tidy(() => {
      const { loss, hard, soft } = distillationLoss(logits, labels, teacher, this.settings);
      return [loss, hard, soft, agreements(logits, teacher)];
    });
    const values = await Promise.all(figures.map((t) => t.data()));
    tf.dispose([teacher, ...figures]);
    const n = indices.length;
    return { loss: values[0]![0]! * n, hard: values[1]![0]! * n, soft: values[2]![0]! * n, agree: values[3]![0]! };
  }

  /** Frees the tensors and closes the cache. */
  async close(): Promise<void> {
    this.disposeParts();
    this.teacher?.dispose();
    this.teacher = null;
    await this.targets.close();
  }

  private disposeParts(): void {
    if (this.parts) tf.dispose([this.parts.hard, this.parts.soft]);
    this.parts = null;
  }
}
