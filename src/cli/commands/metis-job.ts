import type { EndedJobRecord, JobRecord, JobRequestInput } from '../../shared/contract';
import { cliCore, request } from '../cli-core';
import { createProgressReporter } from '../progress-bar';

export interface MetisJobOptions {
  /** A progress bar (or stage lines) on stderr; off for --json, whose output is the one answer. */
  progress: boolean;
  /** Prints the job's log (the vendor tool's output) on stdout as it comes. */
  stream?: string;
  /** Ctrl-C cancels the job (a deploy, a benchmark); a firmware update is never stopped from here. */
  cancellable: boolean;
}

/**
 * Runs a Metis job through the core as `lcz` runs every job (jobs/start, then its records), with what these need
 * besides: --json runs quietly, the firmware update streams the vendor tool's output and refuses Ctrl-C.
 */
export async function runMetisJob(input: JobRequestInput, options: MetisJobOptions): Promise<EndedJobRecord> {
  const { jobs } = await cliCore();
  const { jobId } = await request('jobs/start', input);
  const reporter = options.progress ? createProgressReporter() : null;
  const onUpdate = (record: JobRecord) => {
    if (record.id === jobId && record.progress) reporter?.update(record.progress);
  };
  jobs.on('update', onUpdate);
  let printed = 0;
  const stream = async () => {
    if (!options.stream) return;
    const log = await request('metis/log', { file: options.stream }).catch(() => null);
    if (log && log.log.length > printed) {
      process.stdout.write(log.log.slice(printed));
      printed = log.log.length;
    }
  };
  const poll = options.stream ? setInterval(() => void stream(), 300) : null;
  let interrupted = false;
  const onInterrupt = () => {
    if (!options.cancellable) {
      process.stderr.write('\nlcz: a firmware update must not be interrupted (stage 2 cannot be recovered); it goes on: keep the machine powered\n');
      return;
    }
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nCancelling… (Ctrl-C again to abort at once)\n');
    request('jobs/cancel', { jobId }).catch(() => undefined);
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    return await jobs.wait(jobId);
  } finally {
    if (poll) clearInterval(poll);
    await stream();
    reporter?.stop();
    jobs.off('update', onUpdate);
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
