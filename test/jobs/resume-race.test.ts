// Two resumes of one interrupted run started at once: one trains it, the other is refused, because a resume reads,
// checks and claims run.json under its lock (train-run.ts). Real job processes, a real lock, real training data.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJobEnded, trainParamsSchema, type EndedJobRecord, type JobRecord } from '../../src/shared/contract';
import { JobManager } from '../../src/main/jobs/job-manager';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { memberChannels } from '../../src/main/train/input-modes';
import { RunStore } from '../../src/main/train/run-store';
import { newRunStatus } from '../../src/main/train/train-run';

const temp = mkdtempSync(join(tmpdir(), 'lcz-resume-race-'));
const data = join(temp, 'synthetic.h5');

beforeAll(() => writeSyntheticSo2Sat(data, { patches: 200, seed: 5 }), 60_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * A run whose run.json says training, written by no live process (a version that did not record its worker, or a
 * process that was killed): the app shows it as interrupted and offers Resume.
 */
async function interruptedRun(name: string): Promise<RunStore> {
  const runDir = join(temp, name);
  const params = trainParamsSchema.parse({ train: data, members: [{ arch: 'tiny-cnn', seed: 1 }], epochs: 1, maxPatches: 150, runDir });
  const store = new RunStore(runDir);
  const status = newRunStatus({ ...params, runDir }, params.members.map(memberChannels));
  if (status.state !== 'training') throw new Error('a new run is written as training');
  await store.write({ ...status, worker: null });
  return store;
}

const resume = (store: RunStore) => ({ kind: 'resume-training' as const, params: { runDir: store.dir } });
const REFUSED = /run\.json: is being trained by process \d+; cancel that run before resuming it$/;
const refused = (r: EndedJobRecord) => r.state === 'failed' && REFUSED.test(r.reason);

describe('resuming one run twice at once', () => {
  it('refuses the second resume: only one process trains the run', async () => {
    const store = await interruptedRun('twice');
    const jobs = new JobManager({ heavyLimit: 2 });
    const ids = [jobs.start(resume(store)), jobs.start(resume(store))];
    // The first to end is the refused one (the other trains); then the other is stopped.
    const first = await Promise.race(ids.map((id) => jobs.wait(id)));
    const other = ids.find((id) => id !== first.id)!;
    jobs.cancel(other);
    const second = await jobs.wait(other);
    expect([first, second].filter(refused).map((r) => r.id), `${first.state}: ${'reason' in first ? first.reason : ''}`).toEqual([first.id]);
    expect(['cancelled', 'succeeded']).toContain(second.state);
  }, 120_000);

  it('claims the run only through run.json\'s lock: it takes over a stale lock, then releases it', async () => {
    const store = await interruptedRun('locked');
    // The lock of a process that died holding it (stale: not refreshed for long). Two resumes racing for run.json
    // meet in this lock folder; a resume that ignored the lock would leave it there.
    const lock = `${store.statusFile}.lock`;
    mkdirSync(lock);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(lock, hourAgo, hourAgo);
    const jobs = new JobManager();
    const id = jobs.start(resume(store));
    const underWay = await new Promise<JobRecord>((resolve) => {
      const listener = (r: JobRecord) => {
        if (r.id !== id || (!r.progress && !isJobEnded(r))) return;
        jobs.off('update', listener);
        resolve(r);
      };
      jobs.on('update', listener);
    });
    expect(underWay.state, 'reason' in underWay ? underWay.reason : '').toBe('running');
    expect(existsSync(lock), 'the stale lock was taken over and released').toBe(false);
    expect((await store.read()).state).toBe('training');
    jobs.cancel(id);
    expect((await jobs.wait(id)).state).toBe('cancelled');
  }, 120_000);
});
