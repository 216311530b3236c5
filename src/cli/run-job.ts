import type { JobRecord, JobRequest } from '../shared/contract';
import { JobManager } from '../main/jobs/job-manager';
import { createProgressReporter } from './progress-bar';

/**
 * Runs a job exactly as the app does (in a child process), with a progress bar;
 * Ctrl-C cancels it cleanly (a second Ctrl-C kills at once).
 */
export async function runJobFromCli(request: JobRequest): Promise<JobRecord> {
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
