import type { RunContext } from '../../train/run-context';
import type { JobContext } from '../job-context';

/** A job's context as the domain functions take it: its warnings reach the job's log (stderr, the CLI's terminal). */
export function jobRunContext(ctx: JobContext): RunContext {
  return { signal: ctx.signal, progress: (p) => ctx.progress(p), warn: (message: string) => void process.stderr.write(`${message}\n`) };
}
