import type { JobRecord, JobRequestInput } from '../shared/contract';
import { UserError } from '../shared/errors';
import { JobManager } from '../main/jobs/job-manager';
import { createProgressReporter } from './progress-bar';

/**
 * Runs a job exactly as the app does (in a child process), with a progress bar;
 * Ctrl-C cancels it cleanly (a second Ctrl-C kills at once).
 */
export async function runJobFromCli(request: JobRequestInput): Promise<JobRecord> {
  const jobs = new JobManager();
  const reporter = createProgressReporter();
  const id = jobs.start(request);
  jobs.on('update', (record) => {
    if (record.id === id && record.progress) reporter.update(record.progress);
  });
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nCancelling… (Ctrl-C again to abort at once)\n');
    jobs.cancel(id);
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    return await jobs.wait(id);
  } finally {
    reporter.stop();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

/** The files a job wrote, or the way it ended as an error (cancel: exit 130 after saying nothing was written). */
export function jobOutputs(record: JobRecord, what: string): string[] {
  switch (record.state) {
    case 'succeeded':
      return record.outputs;
    case 'cancelled':
      process.stderr.write(`lcz: ${what} cancelled; nothing was written.\n`);
      return process.exit(130);
    case 'failed':
      throw new UserError(record.reason);
    case 'running':
      throw new Error('job ended while running');
  }
}
