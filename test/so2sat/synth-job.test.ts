import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobManager } from '../../src/main/jobs/job-manager';
import { classQuotas } from '../../src/main/so2sat/synth/class-quota';
import { planCities } from '../../src/main/so2sat/synth/synthetic-dataset';

const temp = mkdtempSync(join(tmpdir(), 'lcz-so2sat-job-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('synthetic So2Sat data', () => {
  it('caps the common classes and keeps every cell of the rare ones', () => {
    expect(classQuotas([1000, 5, 300, 0, 40], 200)).toEqual([77, 5, 78, 0, 40]);
    expect(classQuotas([3, 3], 6)).toEqual([3, 3]);
    expect(() => classQuotas([3, 3], 7)).toThrow(/only 6 cells/);
  });

  it('plans varied cities with exactly the patches asked for, every class present', () => {
    const cities = planCities(3000, 7);
    expect(cities.length).toBe(3);
    expect(new Set(cities.map((c) => c.seed)).size).toBe(3);
    const perClass = new Array<number>(17).fill(0);
    for (const city of cities) city.chosen.forEach((chosen, cell) => (perClass[city.classes[cell]! - 1]! += chosen));
    expect(perClass.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(perClass.every((n) => n > 0)).toBe(true);
    expect(planCities(3000, 7).map((c) => c.chosen)).toEqual(cities.map((c) => c.chosen)); // seeded
  });

  it('runs as the so2sat-synth job: progress, and a cancel leaves nothing behind', async () => {
    const jobs = new JobManager();
    const out = join(temp, 'cancelled.h5');
    const id = jobs.start({ kind: 'so2sat-synth', params: { out, patches: 20_000, seed: 1, dtype: 'float32', sen1: false, gzip: false } });
    const stages = new Set<string>();
    await new Promise<void>((resolve) => {
      jobs.on('update', (record) => {
        if (record.id !== id || !record.progress) return;
        stages.add(record.progress.stage);
        if (record.progress.stage === 'Rendering city 1 of 5' && record.progress.done > 0) resolve();
      });
    });
    jobs.cancel(id);
    const record = await jobs.wait(id);
    expect(record.state).toBe('cancelled');
    expect(readdirSync(temp)).toEqual([]);
  });
});
