import { isJobPending, type JobRecord } from '../../../shared/contract';
import { appStore } from '../../app/app-state';
import { onJobEnd } from '../jobs/job-events';
import { runDirOf } from '../jobs/job-target';
import { loadBundles } from '../mapping/mapping-actions';
import { loadDemoDataset } from '../training/dataset-actions';
import { fetchRun, refreshRuns } from '../training/run-actions';
import { createPoller } from '../training/throttled-poller';
import { loadReport } from './distill-actions';
import { distillStore, type DistillStep } from './distill-store';

/** run.json is rewritten once per epoch: as in the Training view, reading it every 1.5 s while the job reports is plenty. */
const POLL_MS = 1500;

let started = false;

const poller = createPoller(async () => {
  const dir = distillStore.get().runDir;
  if (dir) await fetchRun(dir);
}, POLL_MS);

function stepOf(job: JobRecord): DistillStep | null {
  const { jobs } = distillStore.get();
  return (Object.keys(jobs) as DistillStep[]).find((step) => jobs[step] === job.id) ?? null;
}

/** A distillation under way that this page did not start (before a reload, or from another face) takes the view when none is in focus. */
function adopt(jobs: readonly JobRecord[]): void {
  const { runDir, jobs: mine } = distillStore.get();
  if (runDir !== null || mine.distill !== null) return;
  const job = jobs.find((j) => j.kind === 'distill' && isJobPending(j));
  const dir = job ? runDirOf(job) : null;
  if (job && dir) distillStore.set((s) => ({ runDir: dir, jobs: { ...s.jobs, distill: job.id } }));
}

async function onStepEnd(step: DistillStep, job: JobRecord): Promise<void> {
  if (step === 'distill') {
    await poller.flush();
    void refreshRuns();
  }
  // The student, its int8 and pruned bundles join the models (of this view and of the Mapping tab).
  if (job.state === 'succeeded' && step !== 'compare') void loadBundles();
  if (job.state === 'succeeded' && step === 'compare' && job.target.type === 'folder') await loadReport(job.target.dir);
}

/** Once per page, when the view is first shown: lists runs, bundles and the synthetic data; follows the view's jobs. */
export function startDistillSync(): void {
  if (started) return;
  started = true;
  void refreshRuns();
  void loadBundles();
  void loadDemoDataset();
  let jobs = appStore.get().jobs;
  adopt(jobs);
  appStore.subscribe(() => {
    const next = appStore.get().jobs;
    if (next === jobs) return;
    jobs = next;
    adopt(next);
    const id = distillStore.get().jobs.distill;
    if (next.some((j) => j.id === id && j.state === 'running')) poller.request();
  });
  onJobEnd((job) => {
    const step = stepOf(job);
    if (step) void onStepEnd(step, job);
  });
}
