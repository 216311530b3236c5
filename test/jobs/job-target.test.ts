// A job record says what kind of job it is (an enum of the contract) and what it makes (its target), from the
// moment it is asked for: queued, running and ended records alike, and jobs/start's answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isJobEnded, isJobPending, jobKindSchema, jobRecordSchema, jobRequestSchema, type JobRecord, type JobRequestInput, type JobTarget } from '../../src/shared/contract';
import { Core } from '../../src/main/api/core';
import { JobManager } from '../../src/main/jobs/job-manager';
import { jobTarget } from '../../src/main/jobs/kinds/targets';
import { Workspace } from '../../src/main/workspace/workspace';

const temp = mkdtempSync(join(tmpdir(), 'lcz-target-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const settings = { sensor: 'sentinel-2' as const, bands: ['S2.B2', 'S2.B3', 'S2.B4'], scale: 1e-4, offset: 0 };

const map = { kind: 'map', params: { scene: '/d/s.tif', settings, bundles: ['/d/b'], outDir: '/w/results/r1' } } satisfies JobRequestInput;
const train = { kind: 'train', params: { train: '/d/t.h5', members: [{ arch: 'tiny-cnn' as const, seed: 1 }], runDir: '/w/runs/r2' } } satisfies JobRequestInput;

/** One request of every kind, with the target each must carry. */
const cases: [JobRequestInput, JobTarget][] = [
  [map, { type: 'result', dir: '/w/results/r1' }],
  [train, { type: 'run', dir: '/w/runs/r2' }],
  [{ kind: 'resume-training', params: { runDir: '/w/runs/r3' } }, { type: 'run', dir: '/w/runs/r3' }],
  [{ kind: 'export-onnx', params: { runDir: '/w/runs/r4' } }, { type: 'bundles', dir: '/w/runs/r4/bundles' }],
  [{ kind: 'export-onnx', params: { runDir: '/w/runs/r4', out: '/e/b' } }, { type: 'bundles', dir: '/e/b' }],
  [{ kind: 'demo-scene', params: { outDir: '/w/demo' } }, { type: 'folder', dir: '/w/demo' }],
  [{ kind: 'export-map', params: { input: '/d/m.tif', output: '/e/m.tif' } }, { type: 'file', path: '/e/m.tif' }],
  [{ kind: 'so2sat-synth', params: { out: '/w/s.h5', patches: 10 } }, { type: 'file', path: '/w/s.h5' }],
  [{ kind: 'evaluate-model', params: { bundles: ['/d/b'], test: '/d/t.h5', out: '/e/eval.json' } }, { type: 'file', path: '/e/eval.json' }],
  [{ kind: 'areas-map', params: { areas: '/d/a.kml', scene: '/d/s.tif', settings, outDir: '/w/results/r5' } }, { type: 'result', dir: '/w/results/r5' }],
  [{ kind: 'so2sat-cut', params: { scene: '/d/s.tif', settings, labels: '/d/l.tif', out: '/w/cut.h5' } }, { type: 'file', path: '/w/cut.h5' }],
  [{ kind: 'quantize', params: { bundle: '/d/b', calibration: '/d/c.h5', out: '/e/b-int8' } }, { type: 'folder', dir: '/e/b-int8' }],
  [{ kind: 'prune', params: { bundle: '/d/b', train: '/d/t.h5', ratio: 0.5, out: '/e/b-pruned' } }, { type: 'folder', dir: '/e/b-pruned' }],
  [{ kind: 'compare-models', params: { bundles: ['/d/a', '/d/b'], test: '/d/t.h5', outDir: '/e/report' } }, { type: 'folder', dir: '/e/report' }],
  [{ kind: 'distill', params: { teacher: ['/w/runs/t'], preset: 'tiny', train: '/d/t.h5', runDir: '/w/runs/s' } }, { type: 'run', dir: '/w/runs/s' }],
  [{ kind: 'compare', params: { a: '/r/a', b: '/r/b', outDir: '/w/comparisons/c' } }, { type: 'folder', dir: '/w/comparisons/c' }],
  [{ kind: 'metis-deploy', params: { bundle: '/d/b', calibration: { kind: 'so2sat', path: '/d/c.h5' }, out: '/d/b-metis' } }, { type: 'folder', dir: '/d/b-metis' }],
  [{ kind: 'metis-benchmark', params: { deployment: '/d/b-metis' } }, { type: 'folder', dir: '/d/b-metis' }],
  [
    { kind: 'metis-firmware-update', params: { device: 0, confirmations: { stage2CannotBeRecovered: true, keepPowered: true }, log: '/w/logs/fw.log' } },
    { type: 'file', path: '/w/logs/fw.log' },
  ],
];

describe('job kinds and targets', () => {
  it('knows every kind of the contract, and nothing else', () => {
    expect([...jobKindSchema.options].sort()).toEqual(jobRequestSchema.options.map((o) => o.shape.kind.value).sort());
    expect(cases.map(([r]) => r.kind).sort()).toEqual(expect.arrayContaining([...jobKindSchema.options]));
    const record = { id: 'j', kind: 'map', title: 'Map', target: { type: 'result', dir: '/r' }, startedAt: 'now', progress: null, state: 'running' };
    expect(jobRecordSchema.safeParse(record).success).toBe(true);
    expect(jobRecordSchema.safeParse({ ...record, kind: 'no-such-kind' }).success).toBe(false);
    expect(jobRecordSchema.safeParse({ ...record, target: undefined }).success).toBe(false);
  });

  it('counts a queued job as pending, not ended', () => {
    const record = { id: 'j', kind: 'map', title: 'Map', target: { type: 'result', dir: '/r' }, startedAt: 'now', progress: null } as const;
    const queued = { ...record, state: 'queued', position: 1 } as const;
    const running = { ...record, state: 'running' } as const;
    const cancelled = { ...record, state: 'cancelled', endedAt: 'later' } as const;
    expect([queued, running, cancelled].map(isJobPending)).toEqual([true, true, false]);
    expect([queued, running, cancelled].map(isJobEnded)).toEqual([false, false, true]);
  });

  it('says what each kind makes, from its request', () => {
    for (const [request, target] of cases) expect(jobTarget(jobRequestSchema.parse(request)), request.kind).toEqual(target);
  });

  it('refuses a mapping or a training without the folder it writes, at the start', () => {
    const jobs = new JobManager();
    expect(() => jobs.start({ ...map, params: { ...map.params, outDir: undefined } })).toThrow('a mapping job needs the folder it writes into (outDir); none was given');
    expect(() => jobs.start({ ...train, params: { ...train.params, runDir: undefined } })).toThrow('a training job needs the folder it writes into (runDir); none was given');
    expect(jobs.list()).toEqual([]);
  });

  it('carries the target on queued, running and ended records', async () => {
    const jobs = new JobManager({ heavyLimit: 1 });
    const seen: JobRecord[] = [];
    jobs.on('update', (r) => seen.push(r));
    const dirs = [join(temp, 'scene-a'), join(temp, 'scene-b')];
    const ids = dirs.map((outDir) => jobs.start({ kind: 'demo-scene', params: { outDir, size: 10 } }));
    await Promise.all(ids.map((id) => jobs.wait(id)));
    for (const [i, id] of ids.entries()) {
      const states = seen.filter((r) => r.id === id).map((r) => r.state);
      expect(states).toContain(i === 0 ? 'running' : 'queued');
      expect(states.at(-1)).toBe('succeeded');
      for (const record of seen.filter((r) => r.id === id)) {
        expect(record.kind).toBe('demo-scene');
        expect(record.target).toEqual({ type: 'folder', dir: dirs[i] });
      }
    }
  }, 120_000);

  it('jobs/start answers with the target the core chose, the same as the record', async () => {
    const workspace = await Workspace.open(join(temp, 'workspace'));
    const core = new Core({ face: 'browser', version: 'test', workspace });
    try {
      const started = (await core.handle('jobs/start', { kind: 'map', params: { ...map.params, outDir: undefined } })) as { jobId: string; target: JobTarget };
      expect(started.target.type).toBe('result');
      expect(started.target.type === 'result' && dirname(started.target.dir)).toBe(workspace.resultsDir);
      expect(core.jobs.list().find((r) => r.id === started.jobId)?.target).toEqual(started.target);
    } finally {
      await core.jobs.stopAll();
    }
  });
});
