import type { JobRecord, JobRequestInput } from '../../src/shared/contract';
import { JobManager } from '../../src/main/jobs/job-manager';

/** Runs a job as the app does (child process) and returns its final record. */
export async function runJob(request: JobRequestInput): Promise<JobRecord> {
  const jobs = new JobManager();
  return jobs.wait(jobs.start(request));
}

/** The files of a job that must have succeeded; otherwise a failure that says why. */
export function outputsOf(record: JobRecord): string[] {
  if (record.state !== 'succeeded') throw new Error(`job ${record.state}${record.state === 'failed' ? `: ${record.reason}` : ''}`);
  return record.outputs;
}
