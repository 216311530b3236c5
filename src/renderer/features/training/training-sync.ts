import { appStore } from '../../app/app-state';
import type { JobRecord } from '../../../shared/contract';
import { onJobEnd } from '../jobs/job-events';
import { loadBundles } from '../mapping/mapping-actions';
import { loadDemoDataset, setDatasetPath } from './dataset-actions';
import { appendSample, liveSampleOf } from './live-progress';
import { fetchRun, openRunReport, refreshRuns } from './run-actions';
import { isTrainingJob, runDirOfOutputs, runOfJob } from './run-link';
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

/** Finds the live job's run folder when it is not known yet, then reads the run. */
async function pollLive(): Promise<void> {
  const live = runsStore.get().live;
  if (!live) return;
  let dir = live.dir;
  if (!dir) {
    const job = liveJob(appStore.get().jobs);
    if (!job) return;
    await refreshRuns();
    dir = runOfJob(job, runsStore.get().items ?? [])?.dir ?? null;
    if (!dir) return;
    runsStore.set((s) => (s.live?.jobId === live.jobId ? { live: { ...s.live, dir } } : {}));
  }
  await fetchRun(dir);
}

const poller = createPoller(pollLive, POLL_MS);

/** A running training job this page does not follow yet (started before a reload, or by another face) becomes live. */
function adopt(jobs: readonly JobRecord[]): void {
  const current = liveJob(jobs);
  if (current?.state === 'running') return;
  const running = jobs.find((j) => isTrainingJob(j) && j.state === 'running');
  if (!running || running.id === runsStore.get().live?.jobId) return;
  runsStore.set((s) => ({ live: { jobId: running.id, dir: s.jobDirs[running.id] ?? null, samples: [] } }));
}

/** Keeps the batch figures of the live job (its running loss) and asks for run.json now and then. */
function follow(job: JobRecord): void {
  const live = runsStore.get().live;
  if (!live || job.state !== 'running') return;
  const status = live.dir ? runsStore.get().details[live.dir]?.status : undefined;
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
 * training), unless the user opened another run's report meanwhile.
 */
function keepInFocus(job: JobRecord): void {
  const { live, reportDir } = runsStore.get();
  if (live?.jobId === job.id && live.dir && reportDir === null) openRunReport(live.dir);
}

async function onTrainingEnd(job: JobRecord): Promise<void> {
  const live = runsStore.get().live;
  if (live?.jobId === job.id && !live.dir) {
    const dir = job.state === 'succeeded' ? runDirOfOutputs(job.outputs) : null;
    if (dir) runsStore.set({ live: { ...live, dir } });
  }
  keepInFocus(job);
  await refreshRuns();
  const now = runsStore.get().live;
  if (now?.jobId === job.id) {
    if (!now.dir) {
      const dir = runOfJob(job, runsStore.get().items ?? [])?.dir ?? null;
      if (dir) runsStore.set({ live: { ...now, dir } });
      keepInFocus(job);
    }
    await poller.flush();
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
    if (isTrainingJob(job)) {
      void onTrainingEnd(job);
    } else if (job.kind === 'so2sat-synth' && job.id === trainingStore.get().synthJobId && job.state === 'succeeded') {
      void loadDemoDataset().then((demo) => setDatasetPath('train', job.outputs[0] ?? demo?.path ?? ''));
    }
  });
}
