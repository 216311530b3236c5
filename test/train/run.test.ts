// Training runs through the real job (a child process), on a small synthetic So2Sat file: an ensemble trains,
// checkpoints every epoch, resumes after a cancel or a crash, keeps its last good checkpoint when the disk fills,
// evaluates with calibration, and writes bundles that the mapping engine uses.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/shared/contract';
import { evaluationSchema } from '../../src/shared/contract/evaluation';
import { runFileSchema, type RunFile, type TrainParamsInput } from '../../src/shared/contract/training';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { TrainingService } from '../../src/main/api/training-service';
import { memberChannels } from '../../src/main/train/input-modes';
import { Workspace } from '../../src/main/workspace/workspace';
import { JobManager } from '../../src/main/jobs/job-manager';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { outputsOf, runJob } from '../helpers/jobs';
import { mountTmpfs, tmpfsMissing, unmount } from '../helpers/tmpfs';

const temp = mkdtempSync(join(tmpdir(), 'lcz-train-'));
const data = join(temp, 'synthetic.h5');
const readRun = (dir: string): RunFile => runFileSchema.parse(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')));

function params(runDir: string, extra: Partial<TrainParamsInput> = {}): TrainParamsInput {
  return { train: data, members: [{ arch: 'tiny-cnn', seed: 3 }], epochs: 2, batchSize: 32, maxPatches: 600, runDir, ...extra };
}

/** Starts a job and returns it once the given stage has begun. */
async function startAndWaitFor(jobs: JobManager, request: Parameters<JobManager['start']>[0], stage: RegExp): Promise<string> {
  const id = jobs.start(request);
  await new Promise<void>((resolve, reject) => {
    const listener = (r: JobRecord) => {
      if (r.id !== id) return;
      if (r.state !== 'running') reject(new Error(`job ended ${r.state} before ${stage}`));
      else if (r.progress && stage.test(r.progress.stage)) {
        jobs.off('update', listener);
        resolve();
      }
    };
    jobs.on('update', listener);
  });
  return id;
}

beforeAll(async () => {
  await writeSyntheticSo2Sat(data, { patches: 1200, seed: 8 });
}, 120_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('training runs', () => {
  it('trains an ensemble, evaluates it with calibration, and writes bundles the mapping engine uses', async () => {
    const dir = join(temp, 'ensemble');
    const members: TrainParamsInput['members'] = [
      { arch: 'tiny-cnn', seed: 1 },
      { arch: 'tiny-cnn', inputs: 'rgb', seed: 2 },
      { arch: 'tiny-separable', seed: 3 },
    ];
    const outputs = outputsOf(await runJob({ kind: 'train', params: params(dir, { members, epochs: 2 }) }));
    const run = readRun(dir);
    expect(run.state).toBe('done');
    expect(run.backend?.name).toMatch(/wasm|tensorflow|cpu/);
    for (const m of run.members) {
      expect(m.state).toBe('done');
      expect(m.history.map((h) => h.epoch)).toEqual([1, 2]);
      expect(m.parameters).toBeGreaterThan(1000);
    }
    expect(run.members[1]!.channels).toEqual(['S2.B4', 'S2.B3', 'S2.B2']);
    const evaluation = evaluationSchema.parse(JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')));
    expect(evaluation.members).toHaveLength(3);
    expect(evaluation.ensemble?.fusion).toBe('sum-rule');
    for (const m of evaluation.members) {
      expect(m.scores.temperature).toBeGreaterThan(0);
      expect(m.scores.calibrationBefore.bins).toHaveLength(15);
    }
    // Bundles: one per member, carrying the member's fitted temperature and its bands.
    const bundles = outputs.filter((o) => o.includes('bundles'));
    expect(bundles).toHaveLength(3);
    const second = await readBundle(bundles[1]!);
    expect(second.manifest.bands.map((b) => b.id)).toEqual(['S2.B4', 'S2.B3', 'S2.B2']);
    expect(second.manifest.temperature).toBeCloseTo(evaluation.members[1]!.scores.temperature, 9);
    expect(second.manifest.input.layout).toBe('NHWC');
    // And they map a scene, as an ensemble.
    const { scenePath } = await writeDemoScene(join(temp, 'scene'), { seed: 2, size: 12 });
    const mapped = outputsOf(
      await runJob({
        kind: 'map',
        params: {
          scene: scenePath,
          settings: { sensor: 'sentinel-2', bands: ['S2.B2', 'S2.B3', 'S2.B4', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8', 'S2.B8A', 'S2.B11', 'S2.B12'], scale: 1e-4, offset: 0 },
          bundles,
          outDir: join(temp, 'mapped'),
        },
      }),
    );
    expect(mapped.some((f) => f.endsWith('disagreement.tif'))).toBe(true);
  });

  it('resumes a cancelled run from its checkpoint, and after a crash (shown as interrupted) loses at most the epoch under way', async () => {
    const service = new TrainingService(await Workspace.open(join(temp, 'workspace')));
    for (const how of ['cancel', 'crash'] as const) {
      const dir = join(temp, `resume-${how}`);
      const jobs = new JobManager();
      const id = await startAndWaitFor(jobs, { kind: 'train', params: params(dir, { epochs: 3 }) }, /epoch 2\/3/);
      if (how === 'cancel') jobs.cancel(id);
      else process.kill(jobs.pidOf(id)!, 'SIGKILL');
      const stopped = await jobs.wait(id);
      expect(stopped.state).toBe(how === 'cancel' ? 'cancelled' : 'failed');
      const halfway = readRun(dir);
      // Epoch 1 was checkpointed; epoch 2 was under way and is lost.
      expect(halfway.members[0]!.epochsDone).toBe(1);
      expect(halfway.state).toBe(how === 'cancel' ? 'cancelled' : 'training'); // a killed process cannot say so
      // ...but the app sees that its process is gone, and offers Resume.
      expect((await service.getRun(dir)).status.state).toBe(how === 'cancel' ? 'cancelled' : 'interrupted');
      expect(existsSync(join(dir, 'members', '1', 'checkpoint', 'weights.bin'))).toBe(true);
      outputsOf(await runJob({ kind: 'resume-training', params: { runDir: dir } }));
      const done = readRun(dir);
      expect(done.state).toBe('done');
      expect(done.members[0]!.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
      // The resumed epochs continue the curve: epoch 1 is the one recorded before the interruption.
      expect(done.members[0]!.history[0]).toEqual(halfway.members[0]!.history[0]);
    }
  }, 180_000); // two runs stopped and resumed: about 40 s beside the rest of the suite

  it('repeats a run from its seeds (up to float rounding of threaded sums) and differs with another seed, dropout included', async () => {
    // Sen2LCZ-Net (the default architecture) has dropout: its masks must come from the member's seed too.
    for (const member of [{ arch: 'tiny-cnn' as const }, { arch: 'sen2lcz-net' as const, width: 0.25 }]) {
      const losses = [];
      for (const [name, seed] of [['a', 3], ['b', 3], ['c', 4]] as const) {
        const dir = join(temp, `seed-${member.arch}-${name}`);
        outputsOf(await runJob({ kind: 'train', params: params(dir, { members: [{ ...member, seed }], epochs: 1, maxPatches: 200 }) }));
        losses.push(readRun(dir).members[0]!.history[0]!.loss);
      }
      // Threaded kernels sum partial gradients in the order their threads finish: repeats measured up to 3e-5 apart;
      // unseeded dropout moves the loss by about 1e-3.
      expect(Math.abs(losses[0]! - losses[1]!) / losses[0]!, member.arch).toBeLessThan(2e-4);
      expect(Math.abs(losses[0]! - losses[2]!) / losses[0]!, member.arch).toBeGreaterThan(1e-3);
    }
  }, 300_000); // six short runs on 200 patches each

  it('trains a random-bands member and a Sentinel-1 + Sentinel-2 member, the second evaluated but not a mapping bundle', async () => {
    const withSar = join(temp, 'synthetic-sar.h5');
    await writeSyntheticSo2Sat(withSar, { patches: 600, seed: 9, sen1: true });
    const dir = join(temp, 'rand3-sar');
    const members = [
      { arch: 'tiny-cnn' as const, inputs: 'rand3' as const, seed: 5 },
      { arch: 'tiny-cnn' as const, inputs: 'sen1-sen2' as const, seed: 6 },
    ];
    const outputs = outputsOf(await runJob({ kind: 'train', params: params(dir, { train: withSar, members, epochs: 1, maxPatches: null }) }));
    const run = readRun(dir);
    expect(run.state).toBe('done');
    expect(run.members.map((m) => m.state)).toEqual(['done', 'done']);
    expect(run.members[0]!.channels).toEqual(memberChannels(members[0]!).names);
    expect(run.members[0]!.channels).toHaveLength(3);
    expect(run.members[1]!.channels).toEqual([...memberChannels({ inputs: 'all', seed: 6 }).names, 'S1.VH_lee', 'S1.VV_lee']);
    // The SAR channels were normalised with the file's own sen1 statistics.
    expect(run.normalisation?.sen1?.mean).toHaveLength(8);
    const evaluation = evaluationSchema.parse(JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')));
    expect(evaluation.members).toHaveLength(2);
    for (const m of evaluation.members) expect(m.scores.n).toBeGreaterThan(0);
    // Scenes to map carry no SAR: only the random-bands member is a bundle, with its three bands.
    expect(run.members.map((m) => m.bundle === null)).toEqual([false, true]);
    const bundles = outputs.filter((o) => o.includes('bundles'));
    expect(bundles).toHaveLength(1);
    expect((await readBundle(bundles[0]!)).manifest.bands.map((b) => b.id)).toEqual(run.members[0]!.channels);
  });

  it.skipIf(tmpfsMissing)('keeps the last good checkpoint when the disk fills while saving the next, and says so', async () => {
    const disk = join(temp, 'small-disk');
    // Room for run.json and one checkpoint of tiny-cnn (about 90 kB), not for a second beside it.
    mountTmpfs(disk, '150k');
    try {
      const dir = join(disk, 'run');
      const record = await runJob({ kind: 'train', params: params(dir, { epochs: 3 }) });
      expect(record.state).toBe('failed');
      if (record.state === 'failed') expect(record.reason).toMatch(/disk is full.*checkpoint of epoch 2.*previous checkpoint is kept/);
      const run = readRun(dir);
      expect(run.state).toBe('failed');
      expect(run.members[0]!.epochsDone).toBe(1);
      const state = JSON.parse(readFileSync(join(dir, 'members', '1', 'checkpoint', 'state.json'), 'utf8')) as { epoch: number };
      expect(state.epoch).toBe(1);
    } finally {
      unmount(disk);
    }
  });
});
