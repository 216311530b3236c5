import { appStore } from '../../app/app-state';
import { isJobPending, type JobRecord } from '../../../shared/contract';
import { onJobEnd } from '../jobs/job-events';
import { runDirOf } from '../jobs/job-target';
import { loadBundles } from '../mapping/mapping-actions';
import { loadDemoDataset, setDatasetPath } from './dataset-actions';
import { appendSample, liveSampleOf } from './live-progress';
import { fetchRun, openRunReport, refreshRuns } from './run-actions';
import { runsStore } from './runs-store';
import { createPoller } from './throttled-poller';
import { trainingStore } from './training-store';

/** run.json is rewritten once per epoch: reading it every 1.5 s while a job reports is plenty. */
const POLL_MS = 1500;

let started = false;

function liveJob(jobs: readonly JobRecord[]): JobRecord | null {
  const live = runsStore.get().live;
  return live ? (jobs.find((j) => j.id === live.jobId) ?? null) : null;
}

/** Reads the live job's run (its record's target). */
async function pollLive(): Promise<void> {
  const live = runsStore.get().live;
  if (live) await fetchRun(live.dir);
}

const poller = createPoller(pollLive, POLL_MS);

/**
 * When the live job has ended (or there is none), a pending training job this page does not follow yet (started
 * before a reload, or by another face) becomes live: a running one before one that waits in the queue.
 */
function adopt(jobs: readonly JobRecord[]): void {
  const current = liveJob(jobs);
  if (current && isJobPending(current)) return;
  const training = jobs.filter((j) => runDirOf(j) !== null && isJobPending(j));
  const next = training.find((j) => j.state === 'running') ?? training[0];
  const dir = next ? runDirOf(next) : null;
  if (!next || !dir || next.id === runsStore.get().live?.jobId) return;
  runsStore.set({ live: { jobId: next.id, dir, samples: [] } });
}

/** Keeps the batch figures of the live job (its running loss) and asks for run.json now and then. */
function follow(job: JobRecord): void {
  const live = runsStore.get().live;
  // A queued job has no process yet: no progress, and a new run has no run.json to read.
  if (!live || job.state !== 'running') return;
  const status = runsStore.get().details[live.dir]?.status;
  if (status && job.progress) {
    const sample = liveSampleOf(job.progress, { members: status.params.members.length, epochs: status.params.epochs });
    if (sample) {
      const samples = appendSample(live.samples, sample);
      if (samples !== live.samples) runsStore.set({ live: { ...live, samples } });
    }
  }
  poller.request();
}

/**
 * The run that just ended stays in focus in the Training view, its report open (shown until now because it was
 * training), unless the user opened another run's report meanwhile. Only a run that was read: a training cancelled
 * while it waited in the queue made none.
 */
function keepInFocus(job: JobRecord): void {
  const { live, reportDir, details } = runsStore.get();
  if (live?.jobId === job.id && reportDir === null && details[live.dir]) openRunReport(live.dir);
}

async function onTrainingEnd(job: JobRecord): Promise<void> {
  keepInFocus(job);
  await refreshRuns();
  if (runsStore.get().live?.jobId === job.id) {
    // The last run.json, and the report of a run that ended before it was first read.
    await poller.flush();
    keepInFocus(job);
  }
  const reportDir = runsStore.get().reportDir;
  if (reportDir && reportDir !== runsStore.get().live?.dir) void fetchRun(reportDir);
  // The run's bundles join the models of the Mapping tab.
  if (job.state === 'succeeded') void loadBundles();
}

/** Once per page: lists the runs, finds the synthetic data, follows training jobs live and acts on their end. */
export function startTrainingSync(): void {
  if (started) return;
  started = true;
  void refreshRuns();
  void loadDemoDataset();

  let jobs = appStore.get().jobs;
  appStore.subscribe(() => {
    const next = appStore.get().jobs;
    if (next === jobs) return;
    jobs = next;
    adopt(next);
    const job = liveJob(next);
    if (job) follow(job);
  });

  onJobEnd((job) => {
    if (runDirOf(job) !== null) {
      void onTrainingEnd(job);
    } else if (job.kind === 'so2sat-synth' && job.id === trainingStore.get().synthJobId && job.state === 'succeeded' && job.target.type === 'file') {
      const made = job.target.path;
      void loadDemoDataset().then(() => setDatasetPath('train', made));
    }
  });
}
