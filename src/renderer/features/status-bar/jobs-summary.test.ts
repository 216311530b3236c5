import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../shared/contract';
import { jobsSummary } from './jobs-summary';

const jobs = (...states: JobRecord['state'][]) => states.map((state) => ({ state }) as JobRecord);

describe('jobsSummary', () => {
  it('counts the running jobs', () => {
    expect(jobsSummary(jobs('running', 'succeeded', 'running'))).toEqual({ running: 2, waiting: 0, label: '2 jobs running' });
    expect(jobsSummary(jobs('running'))).toEqual({ running: 1, waiting: 0, label: '1 job running' });
  });

  it('says when nothing runs', () => {
    expect(jobsSummary([]).label).toBe('No jobs');
    expect(jobsSummary(jobs('failed', 'cancelled')).label).toBe('2 jobs, none running');
  });

  it('counts a job waiting its turn apart from the running ones', () => {
    expect(jobsSummary(jobs('running', 'queued', 'succeeded'))).toEqual({ running: 1, waiting: 1, label: '1 running, 1 queued' });
  });
});
