/**
 * Run as a process of its own by job-manager.test.ts: a parent that starts one export job as the app does, prints
 * the job's pid once the job is under way, and waits, so the test can kill this parent under a running job.
 */
import { JobManager } from '../../src/main/jobs/job-manager';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: job-parent.ts <in.tif> <out.tif>');
const jobs = new JobManager();
const id = jobs.start({ kind: 'export-map', params: { input, output, overviewResampling: 'mode' } });
let told = false;
jobs.on('update', (record) => {
  if (record.id !== id || told || !record.progress) return;
  told = true;
  process.stdout.write(`${JSON.stringify({ pid: jobs.pidOf(id), stage: record.progress.stage })}\n`);
});
