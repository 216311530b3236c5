import type { JobProgress, JobRequest } from '../../shared/contract';

/** Messages between the job manager and a job's child process. */
export type ToJob = { type: 'start'; request: JobRequest } | { type: 'cancel' };

export type FromJob =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'succeeded'; outputs: string[]; peakMemoryMb: number }
  | { type: 'failed'; reason: string }
  | { type: 'cancelled' };
