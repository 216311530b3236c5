import type { JobProgress } from '../../shared/contract';

/** What a running job gets: a way to report progress, and the signal that says it was cancelled. */
export interface JobContext {
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

/** Thrown by a job that noticed its cancellation. */
export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'JobCancelled';
  }
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new JobCancelled();
}
