import { describe, expect, it } from 'vitest';
import type { JobRecord, JobTarget } from '../../../shared/contract';
import { jobMade, resultDirOf, runDirOf, runLeftBy, targetFolder } from './job-target';

const base = { id: 'j', title: 'Same title for all', startedAt: '2026-11-25T10:00:00.000Z', progress: null } as const;
const progress = { stage: 'Training', done: 1, total: 10 };
const ended = { endedAt: '2026-11-25T10:01:00.000Z' };

function job(kind: JobRecord['kind'], target: JobTarget, state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled', extra: object = {}): JobRecord {
  switch (state) {
    case 'queued':
      return { ...base, kind, target, state, position: 1, ...extra } as JobRecord;
    case 'running':
      return { ...base, kind, target, state, ...extra } as JobRecord;
    case 'succeeded':
      return { ...base, ...ended, kind, target, state, outputs: [], ...extra } as JobRecord;
    case 'failed':
      return { ...base, ...ended, kind, target, state, reason: 'no', ...extra } as JobRecord;
    case 'cancelled':
      return { ...base, ...ended, kind, target, state, ...extra } as JobRecord;
  }
}

const run: JobTarget = { type: 'run', dir: '/w/runs/2026-a' };
const result: JobTarget = { type: 'result', dir: '/w/results/2026-b' };

describe('a job linked to what it makes, from its target', () => {
  it('finds the run and the result of a job from its record, whatever its title', () => {
    expect(runDirOf(job('train', run, 'queued'))).toBe('/w/runs/2026-a');
    expect(runDirOf(job('resume-training', run, 'running'))).toBe('/w/runs/2026-a');
    expect(runDirOf(job('map', result, 'running'))).toBeNull();
    expect(resultDirOf(job('map', result, 'succeeded'))).toBe('/w/results/2026-b');
    expect(resultDirOf(job('train', run, 'succeeded'))).toBeNull();
  });

  it('says what a succeeded job made, and offers to open a result or a run', () => {
    expect(jobMade(job('map', result, 'succeeded'))).toEqual({
      words: 'Made the LCZ map result 2026-b',
      path: '/w/results/2026-b',
      open: { to: 'result', dir: '/w/results/2026-b', label: 'Open on the map' },
    });
    expect(jobMade(job('train', run, 'succeeded'))?.open).toEqual({ to: 'run', dir: '/w/runs/2026-a', label: 'Open in Training' });
    expect(jobMade(job('export-map', { type: 'file', path: '/e/lcz.tif' }, 'succeeded'))).toEqual({ words: 'Wrote /e/lcz.tif', path: '/e/lcz.tif', open: null });
    expect(jobMade(job('demo-scene', { type: 'folder', dir: '/w/demo' }, 'succeeded'))?.words).toBe('Wrote into /w/demo');
    expect(jobMade(job('export-onnx', { type: 'bundles', dir: '/w/runs/a/bundles' }, 'succeeded'))?.words).toMatch(/^Wrote model bundles into \/w\/runs\/a\/bundles/);
  });

  it('knows the folder of a target, a file\'s included', () => {
    expect(targetFolder(result)).toBe('/w/results/2026-b');
    expect(targetFolder({ type: 'file', path: '/e/lcz.tif' })).toBe('/e');
    expect(targetFolder({ type: 'file', path: 'C:\\e\\lcz.tif' })).toBe('C:\\e');
  });

  it('says nothing made while a job is pending, nor for a mapping that failed', () => {
    expect(jobMade(job('map', result, 'queued'))).toBeNull();
    expect(jobMade(job('map', result, 'running'))).toBeNull();
    expect(jobMade(job('map', result, 'failed'))).toBeNull();
    expect(jobMade(job('map', result, 'cancelled'))).toBeNull();
  });

  it('keeps the run of a training that stopped once it had started, not of one cancelled in the queue', () => {
    expect(runLeftBy(job('train', run, 'cancelled', { progress }))).toBe('/w/runs/2026-a');
    expect(jobMade(job('train', run, 'failed', { progress }))?.open?.to).toBe('run');
    expect(runLeftBy(job('resume-training', run, 'cancelled'))).toBe('/w/runs/2026-a');
    expect(runLeftBy(job('train', run, 'cancelled'))).toBeNull();
    expect(jobMade(job('train', run, 'cancelled'))).toBeNull();
    expect(runLeftBy(job('train', run, 'running', { progress }))).toBeNull();
  });

  it('does not say a training cancelled in its first epoch kept finished epochs', () => {
    const inFirstEpoch = { stage: 'Training member 1 · epoch 1/5', done: 3, total: 100, metrics: { member: 1, epoch: 1 } };
    const checkingData = { stage: 'Checking the training file', done: 3, total: 10 };
    for (const p of [inFirstEpoch, checkingData]) {
      const made = jobMade(job('train', run, 'cancelled', { progress: p }));
      expect(made?.words).toBe('The run 2026-a stopped before its first epoch finished');
      expect(made?.open?.to).toBe('run');
    }
    const later = { ...inFirstEpoch, metrics: { member: 1, epoch: 3 } };
    expect(jobMade(job('train', run, 'cancelled', { progress: later }))?.words).toBe('The run 2026-a keeps its finished epochs');
    expect(jobMade(job('resume-training', run, 'cancelled'))?.words).toBe('The run 2026-a keeps its finished epochs');
  });
});
