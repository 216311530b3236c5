// A run's data, in the process (trainRun as the job calls it): every failure or cancel once run.json exists ends the
// run failed (with the reason) or cancelled, never "training"; the band-statistics pass reports its progress and is
// not run again on resume; non-finite values are counted into run.json, evaluation.json and the CLI's lines.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNonFinite } from '../../src/cli/commands/train';
import { evaluationRecordSchema, runFileSchema, trainParamsSchema, type RunFile, type TrainParamsInput } from '../../src/shared/contract/training';
import type { JobProgress } from '../../src/shared/contract/jobs';
import { trainRun } from '../../src/main/train/train-run';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-run-data-'));
const good = join(temp, 'good.h5');
const N = 240;
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(async () => {
  await writeSmallSo2Sat(good, { n: N });
});

const readRun = (dir: string): RunFile => runFileSchema.parse(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')));

interface Attempt {
  error: unknown;
  stages: JobProgress[];
  warnings: string[];
}

/** trainRun in this process; `abortAt` cancels when a stage matching it begins. */
async function attempt(dir: string, params: Partial<TrainParamsInput> | null, abortAt?: RegExp): Promise<Attempt> {
  const controller = new AbortController();
  const stages: JobProgress[] = [];
  const warnings: string[] = [];
  const fresh = params ? trainParamsSchema.parse({ train: good, members: [{ arch: 'tiny-cnn', seed: 1 }], epochs: 1, batchSize: 32, ...params }) : null;
  const error = await trainRun(dir, fresh, {
    signal: controller.signal,
    progress: (p) => {
      stages.push(p);
      if (abortAt?.test(p.stage)) controller.abort();
    },
    warn: (w) => warnings.push(w),
  }).then(
    () => null,
    (e: unknown) => e,
  );
  return { error, stages, warnings };
}

describe('a run whose data fails to open', () => {
  it('ends failed with the reason, whatever the problem: no sen1, labels not one-hot, a truncated test file', async () => {
    const badLabels = join(temp, 'bad-labels.h5');
    await writeSmallSo2Sat(badLabels, { n: 40, badLabelRows: [7] });
    const truncated = join(temp, 'truncated.h5');
    copyFileSync(good, truncated);
    truncateSync(truncated, Math.floor(statSync(good).size / 2));
    const cases: [string, Partial<TrainParamsInput>, RegExp][] = [
      ['no-sen1', { members: [{ arch: 'tiny-cnn', inputs: 'sen1-sen2', seed: 1 }] }, new RegExp(`${good}: has no sen1 dataset`)],
      ['not-one-hot', { train: badLabels }, new RegExp(`${badLabels}: 1 of 40 rows of label are not one-hot`)],
      ['truncated-test', { test: truncated }, new RegExp(`${truncated}: is truncated`)],
    ];
    for (const [name, params, reason] of cases) {
      const dir = join(temp, name);
      const { error } = await attempt(dir, params);
      expect(String(error), name).toMatch(reason);
      const run = readRun(dir);
      expect(run.state, name).toBe('failed');
      if (run.state === 'failed') expect(run.reason, name).toMatch(reason);
    }
  });

  it('ends cancelled when cancelled during the band-statistics pass', async () => {
    const dir = join(temp, 'cancel-statistics');
    const { error, stages } = await attempt(dir, { normalisation: 'file' }, /band statistics/);
    expect(error).toBeTruthy();
    expect(stages.some((s) => /Training/.test(s.stage))).toBe(false);
    expect(readRun(dir)).toMatchObject({ state: 'cancelled', reason: null, normalisation: null });
  });
});

describe('band statistics', () => {
  it('report their progress over the patches, and a resume reuses the stored ones', async () => {
    const dir = join(temp, 'statistics');
    const first = await attempt(dir, { normalisation: 'file' });
    expect(first.error).toBeNull();
    const pass = first.stages.filter((s) => /Computing sen2 band statistics/.test(s.stage));
    expect(pass.every((s) => s.total === N)).toBe(true);
    expect(pass.at(-1)?.done).toBe(N);
    const stored = readRun(dir).normalisation;
    expect(stored?.sen2.mean).toHaveLength(10);

    const resumed = await attempt(dir, null);
    expect(resumed.error).toBeNull();
    expect(resumed.stages.some((s) => /band statistics/.test(s.stage))).toBe(false);
    expect(readRun(dir)).toMatchObject({ state: 'done', normalisation: stored });
  });
});

describe('non-finite values', () => {
  it('are counted (each patch once) into run.json and evaluation.json, and the CLI says so', async () => {
    // One NaN in every patch: the run reads each of them, the evaluation scores some.
    const nan = join(temp, 'nan.h5');
    await writeSmallSo2Sat(nan, { n: N, nonFinite: Array.from({ length: N }, (_, i) => ['sen2', i * 10240 + 3, NaN] as ['sen2', number, number]) });
    const dir = join(temp, 'nan-run');
    const { error, warnings } = await attempt(dir, { train: nan, epochs: 2 });
    expect(error).toBeNull();
    expect(warnings.filter((w) => /non-finite/.test(w))).toHaveLength(1);
    const run = readRun(dir);
    expect(run.nonFinite).toEqual({ train: { sen2: N, sen1: 0 }, test: null });
    const evaluation = evaluationRecordSchema.parse(JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')));
    expect(evaluation.nonFinite).toEqual({ sen2: evaluation.members[0]!.scores.n, sen1: 0 });
    expect(formatNonFinite(run)).toBe(`Non-finite values (NaN or infinite) in ${nan}: sen2 ${N}; read as the band mean\n`);
    expect(formatNonFinite(readRun(join(temp, 'statistics')))).toBe('');
  });
});
