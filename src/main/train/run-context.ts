import type { JobProgress } from '../../shared/contract/jobs';

/**
 * What a training run, and the work around runs (the data check, exports, evaluations), gets from whoever runs it:
 * the job process or a test. Its own module, below everything that takes it, so that none of them imports the run.
 */
export interface RunContext {
  signal: AbortSignal;
  progress: (p: JobProgress) => void;
  /** Things the user should know (non-finite values met, a fallback backend). */
  warn: (message: string) => void;
}
