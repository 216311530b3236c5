import type { JobProgress } from '../../../shared/contract/jobs';
import { UserError } from '../../../shared/errors';

/** What a Metis job gets from whoever runs it (the job process, or a test): its cancel signal and a progress sink. */
export interface MetisJobContext {
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

/**
 * A failure as the job ends with it: on the simulator, said so (the job's reason is what the jobs dock and `lcz`
 * show, beside the step that failed). A UserError keeps its file; anything else is left as it is (a bug).
 */
export function simulatedFailure(error: unknown, simulated: boolean): unknown {
  if (!simulated || !(error instanceof UserError)) return error;
  const plain = error.file && error.message.startsWith(`${error.file}: `) ? error.message.slice(error.file.length + 2) : error.message;
  return plain.startsWith('(simulated)') ? error : new UserError(`(simulated) ${plain}`, error.file);
}
