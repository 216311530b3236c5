import type { JobRecord, JobRequestInput } from '../shared/contract';
import { UserError } from '../shared/errors';
import { cancelledMessage } from './cancel-message';
import { cliCore, request } from './cli-core';
import { createProgressReporter } from './progress-bar';

/**
 * Runs a job as the app does: `jobs/start` on the core (which checks the request and its outputs before any work,
 * so an impossible --out fails at once), then its records from the core's job manager for the progress bar and the
 * end. A failure is thrown as the job's reason; Ctrl-C cancels through `jobs/cancel` (a second Ctrl-C exits at
 * once), says what is on disk, and exits with 130. Returns the files the job wrote.
 */
export async function runJobFromCli(input: JobRequestInput): Promise<string[]> {
  const { jobs } = await cliCore();
  const { jobId } = await request('jobs/start', input);
  const reporter = createProgressReporter();
  const onUpdate = (record: JobRecord) => {
    if (record.id === jobId && record.progress) reporter.update(record.progress);
  };
  jobs.on('update', onUpdate);
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nCancelling… (Ctrl-C again to abort at once)\n');
    request('jobs/cancel', { jobId }).catch(() => undefined); // a job that ended meanwhile has nothing to cancel
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  let record;
  try {
    record = await jobs.wait(jobId);
  } finally {
    reporter.stop();
    jobs.off('update', onUpdate);
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  if (record.state === 'succeeded') return record.outputs;
  if (record.state === 'failed') throw new UserError(record.reason);
  if (record.state === 'cancelled') {
    process.stderr.write(`lcz: ${await cancelledMessage(input)}\n`);
    return process.exit(130);
  }
  throw new Error('the job ended without an outcome');
}
