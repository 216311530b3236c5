import { jobRequestSchema, type JobRequestInput } from '../shared/contract';
import { parseOrExplain, UserError } from '../shared/errors';
import { JobManager } from '../main/jobs/job-manager';
import { checkJobOutputs } from '../main/jobs/preflight';
import { cancelledMessage } from './cancel-message';
import { createProgressReporter } from './progress-bar';

/**
 * Runs a job exactly as the app does (in a child process), with a progress bar, and returns the files it wrote.
 * Its outputs are checked first, so an impossible --out fails at once. A failure is thrown as the job's reason;
 * Ctrl-C cancels cleanly (a second Ctrl-C kills at once), says what is on disk, and exits with 130.
 */
export async function runJobFromCli(input: JobRequestInput): Promise<string[]> {
  const request = parseOrExplain(jobRequestSchema, input, `Invalid ${input.kind} job`);
  await checkJobOutputs(request);
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
  let record;
  try {
    record = await jobs.wait(id);
  } finally {
    reporter.stop();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  if (record.state === 'succeeded') return record.outputs;
  if (record.state === 'failed') throw new UserError(record.reason);
  if (record.state === 'cancelled') {
    process.stderr.write(`lcz: ${await cancelledMessage(request)}\n`);
    return process.exit(130);
  }
  throw new Error('the job ended without an outcome');
}
