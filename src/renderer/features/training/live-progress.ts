import type { JobProgress } from '../../../shared/contract';

/**
 * The per-batch figures of a training job (jobs/update progress.metrics) as points of the live curves. Each batch
 * reports the running mean loss and accuracy of the epoch so far; its place on the epoch axis comes from the job's
 * done / total, whose unit is one batch. Pure: tested in Node.
 */

export interface LiveSample {
  /** 1-based, as the metrics say. */
  member: number;
  epoch: number;
  /** Position on the epoch axis: epoch - 1 + the share of the epoch's batches done. */
  x: number;
  loss: number;
  accuracy: number;
  samplesPerSecond: number;
}

export interface RunShape {
  members: number;
  epochs: number;
}

export function liveSampleOf(progress: JobProgress | null, shape: RunShape): LiveSample | null {
  const m = progress?.metrics;
  if (!progress || !m) return null;
  const { member, epoch, loss, accuracy, samplesPerSecond } = m;
  if (member === undefined || epoch === undefined || loss === undefined || accuracy === undefined) return null;
  const batchesPerEpoch = progress.total / Math.max(1, shape.members * shape.epochs);
  if (!(batchesPerEpoch > 0)) return null;
  const batch = progress.done - ((member - 1) * shape.epochs + epoch - 1) * batchesPerEpoch;
  const share = Math.min(1, Math.max(0, batch / batchesPerEpoch));
  return { member, epoch, x: epoch - 1 + share, loss, accuracy, samplesPerSecond: samplesPerSecond ?? 0 };
}

/** Adds a sample unless it repeats the last one; keeps the newest `cap`. */
export function appendSample(samples: readonly LiveSample[], sample: LiveSample, cap = 4000): readonly LiveSample[] {
  const last = samples[samples.length - 1];
  if (last && last.member === sample.member && last.x === sample.x && last.loss === sample.loss) return samples;
  const next = [...samples, sample];
  return next.length > cap ? next.slice(next.length - cap) : next;
}
