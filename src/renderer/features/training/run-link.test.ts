import { describe, expect, it } from 'vitest';
import type { RunListItem } from '../../../shared/contract';
import { backendLabel } from './backend-label';
import { isTrainingJob, runDirOfOutputs, runOfJob } from './run-link';

const run = (dir: string, name: string, createdAt: string): RunListItem => ({ dir, id: dir, name, createdAt, updatedAt: createdAt, state: 'training', members: 2, oa: null });

describe('runOfJob', () => {
  const runs = [
    run('/w/runs/a', 'Ensemble of 2 on s.h5', '2026-11-25T10:00:01.000Z'),
    run('/w/runs/b', 'Ensemble of 2 on s.h5', '2026-11-25T11:00:01.000Z'),
    run('/w/runs/c', 'Other', '2026-11-25T11:00:02.000Z'),
  ];

  it('finds the run a train job created: its name, made after the job started', () => {
    expect(runOfJob({ kind: 'train', title: 'Ensemble of 2 on s.h5', startedAt: '2026-11-25T11:00:00.500Z' }, runs)?.dir).toBe('/w/runs/b');
    expect(runOfJob({ kind: 'train', title: 'Ensemble of 2 on s.h5', startedAt: '2026-11-25T09:00:00.000Z' }, runs)?.dir).toBe('/w/runs/a');
    expect(runOfJob({ kind: 'train', title: 'Ensemble of 2 on s.h5', startedAt: '2026-11-25T12:00:00.000Z' }, runs)).toBeNull();
  });

  it('finds the run a resume job continues by its folder', () => {
    expect(runOfJob({ kind: 'resume-training', title: 'Resume training (a)', startedAt: '2026-11-26T00:00:00.000Z' }, runs)?.dir).toBe('/w/runs/a');
    expect(runOfJob({ kind: 'map', title: 'Ensemble of 2 on s.h5', startedAt: '2026-11-25T11:00:00.000Z' }, runs)).toBeNull();
  });

  it('tells training jobs from the others and reads a run folder from outputs', () => {
    expect(isTrainingJob({ kind: 'train' })).toBe(true);
    expect(isTrainingJob({ kind: 'resume-training' })).toBe(true);
    expect(isTrainingJob({ kind: 'so2sat-synth' })).toBe(false);
    expect(runDirOfOutputs(['/w/runs/b/run.json', '/w/runs/b/evaluation.json', '/w/runs/b/bundles/1'])).toBe('/w/runs/b');
    expect(runDirOfOutputs(['C:\\w\\runs\\b\\run.json'])).toBe('C:\\w\\runs\\b');
    expect(runDirOfOutputs([])).toBeNull();
  });
});

describe('backendLabel', () => {
  it('says backend, threads and SIMD', () => {
    expect(backendLabel({ name: 'wasm', threads: 2, simd: true })).toBe('wasm, 2 threads, SIMD');
    expect(backendLabel({ name: 'cpu', threads: 1, simd: false })).toBe('cpu, 1 thread, no SIMD');
  });
});
