// What the app is told about runs and data files: a run whose process is gone is interrupted (and resumable), not
// "training" for good; a file whose labels training refuses says so in its dataset facts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isResumable, runFileSchema, trainParamsSchema, type RunFile, type RunWorker } from '../../src/shared/contract/training';
import { TrainingService } from '../../src/main/api/training-service';
import { memberChannels } from '../../src/main/train/input-modes';
import { currentWorker, INTERRUPTED_REASON, runAsSeen, workerAlive } from '../../src/main/train/run-liveness';
import { newRunStatus } from '../../src/main/train/run-status';
import { RunStore } from '../../src/main/train/run-store';
import { Workspace } from '../../src/main/workspace/workspace';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-training-service-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function run(worker: RunWorker | null): RunFile {
  const params = trainParamsSchema.parse({ train: '/data/train.h5', members: [{ arch: 'tiny-cnn', seed: 1 }], runDir: '/runs/a' });
  const status = newRunStatus({ ...params, runDir: '/runs/a' }, params.members.map(memberChannels));
  return status.state === 'training' ? { ...status, worker } : status;
}

describe('runs whose process is gone', () => {
  it('are interrupted, with a reason, and resumable; live ones, and those of another host, stay training', () => {
    const me = currentWorker();
    expect(workerAlive(me)).toBe(true);
    expect(runAsSeen(run(me)).state).toBe('training');
    for (const gone of [{ ...me, pid: deadPid() }, null, { ...me, bootedAt: me.bootedAt - 86_400_000 }]) {
      const seen = runAsSeen(run(gone));
      expect(seen).toMatchObject({ state: 'interrupted', reason: INTERRUPTED_REASON });
      expect(isResumable(seen.state)).toBe(true);
    }
    // Another machine's process (a workspace on a shared disk) cannot be checked from here: left as it says.
    expect(runAsSeen(run({ ...me, pid: deadPid(), host: 'elsewhere' })).state).toBe('training');
    expect(isResumable('training')).toBe(false);
    // run.json cannot say interrupted: only the view can.
    expect(runFileSchema.safeParse({ ...run(null), state: 'interrupted', reason: 'x' }).success).toBe(false);
  });

  it('are listed and read as interrupted by the app, while run.json is left as it was', async () => {
    const workspace = await Workspace.open(join(temp, 'workspace'));
    const service = new TrainingService(workspace);
    const dir = join(workspace.runsDir, 'crashed');
    mkdirSync(dir);
    await new RunStore(dir).write(run({ ...currentWorker(), pid: deadPid() }));
    expect((await service.listRuns()).map((r) => r.state)).toEqual(['interrupted']);
    const { status } = await service.getRun(dir);
    expect(status).toMatchObject({ state: 'interrupted', reason: INTERRUPTED_REASON });
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({ state: 'training' });
  });
});

describe('dataset facts', () => {
  it('carry the label rows training would refuse, and the non-finite label values', async () => {
    const workspace = await Workspace.open(join(temp, 'workspace'));
    const bad = join(temp, 'bad-labels.h5');
    await writeSmallSo2Sat(bad, { n: 20, badLabelRows: [13, 6] });
    const info = await new TrainingService(workspace).inspectDataset(bad);
    expect(info.labelIssues).toEqual({ nonOneHotRows: 2, firstNonOneHot: 6, badVoteRows: 0, firstBadVotes: null, nonFinite: 0 });
    const good = join(temp, 'good.h5');
    await writeSmallSo2Sat(good, { n: 20 });
    expect((await new TrainingService(workspace).inspectDataset(good)).labelIssues.nonOneHotRows).toBe(0);
  });
});
