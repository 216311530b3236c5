// `lcz evaluate-model` checks its data as training does, before scoring: a test (or fit-on) file with no finite
// value in a band some bundle reads is refused, naming the file and the bands, and nothing is written; bands no
// bundle reads do not matter; other non-finite values are told once per file, with the first patch in file order.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateModelParamsSchema } from '../../src/shared/contract/training';
import { evaluateBundles } from '../../src/main/evaluation/evaluate-bundles';
import { randomBundle } from '../helpers/bundles';
import { runJob } from '../helpers/jobs';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-evaluate-data-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const N = 34;
const PATCH = 32 * 32;

/** [sen2, flat index, value] for every value of the given bands of every patch. */
const wholeBands = (values: Record<number, number>): ['sen2', number, number][] =>
  Array.from({ length: N * PATCH }, (_, px) => Object.entries(values).map(([c, v]) => ['sen2', px * 10 + Number(c), v] as ['sen2', number, number])).flat();

const files = {
  good: join(temp, 'good.h5'),
  allNaN: join(temp, 'all-nan.h5'),
  /** S2.B11 all NaN, S2.B12 all +inf. */
  swirDead: join(temp, 'swir-dead.h5'),
  /** NaN in patches 5 and 21 only. */
  twoPatches: join(temp, 'two-patches.h5'),
};
const bundles = { all: join(temp, 'all-bands'), rgb: join(temp, 'rgb') };

beforeAll(async () => {
  await writeSmallSo2Sat(files.good, { n: N });
  await writeSmallSo2Sat(files.allNaN, { n: N, nonFinite: wholeBands(Object.fromEntries(Array.from({ length: 10 }, (_, c) => [c, NaN]))) });
  await writeSmallSo2Sat(files.swirDead, { n: N, nonFinite: wholeBands({ 8: NaN, 9: Infinity }) });
  await writeSmallSo2Sat(files.twoPatches, { n: N, nonFinite: [5, 21].map((p) => ['sen2', p * 10240 + 3, NaN] as ['sen2', number, number]) });
  await randomBundle(bundles.all, { seed: 1, widths: [4] });
  await randomBundle(bundles.rgb, { seed: 2, widths: [4], bandIds: ['S2.B4', 'S2.B3', 'S2.B2'] });
}, 60_000);

/** evaluateBundles in this process, as the job runs it. */
async function evaluate(name: string, params: { bundles: string[]; test: string; fitOn?: string }) {
  const out = join(temp, `${name}.json`);
  const warnings: string[] = [];
  const stages: string[] = [];
  const run = evaluateBundles(evaluateModelParamsSchema.parse({ ...params, out }), {
    signal: new AbortController().signal,
    progress: (p) => stages.push(p.stage),
    warn: (w) => warnings.push(w),
  });
  const result = await run.then(
    (evaluation) => ({ evaluation, error: null }),
    (error: unknown) => ({ evaluation: null, error }),
  );
  return { ...result, out, warnings, stages };
}

describe('the data of an evaluation of bundles', () => {
  it('a test file of NaN only: the evaluate-model job fails naming the file, and writes nothing', async () => {
    const out = join(temp, 'job-all-nan.json');
    const record = await runJob({ kind: 'evaluate-model', params: { bundles: [bundles.all], test: files.allNaN, out } });
    expect(record.state).toBe('failed');
    expect(record.state === 'failed' ? record.reason : '').toContain(`${files.allNaN}: sen2 holds no finite value (every value is NaN or infinite): there is nothing to evaluate on`);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('a fit-on file of NaN only is refused too, before any bundle is scored', async () => {
    const { error, out, stages } = await evaluate('fit-all-nan', { bundles: [bundles.all], test: files.good, fitOn: files.allNaN });
    expect(String(error)).toContain(`${files.allNaN}: sen2 holds no finite value`);
    expect(stages.filter((s) => s.startsWith('Evaluating'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('dead bands some bundle reads are refused by name; bands no bundle reads do not matter', async () => {
    const refused = await evaluate('swir-all', { bundles: [bundles.rgb, bundles.all], test: files.swirDead });
    expect(String(refused.error)).toContain(`${files.swirDead}: sen2 bands S2.B11, S2.B12 hold no finite value (every value is NaN or infinite)`);
    expect(existsSync(refused.out)).toBe(false);

    const rgb = await evaluate('swir-rgb', { bundles: [bundles.rgb], test: files.swirDead });
    expect(rgb.error).toBeNull();
    expect(rgb.evaluation!.members[0]!.scores.n).toBe(N);
    expect(existsSync(rgb.out)).toBe(true);
  });

  it('non-finite values elsewhere are told once, with the first patch in file order, and counted in the record', async () => {
    const { error, evaluation, warnings } = await evaluate('two-patches', { bundles: [bundles.all], test: files.twoPatches });
    expect(error).toBeNull();
    expect(warnings).toEqual([
      `${files.twoPatches}: sen2 holds non-finite values (NaN or infinite) in 2 of its ${N} patches, the first at patch 5; they are read as the band mean (0 after normalisation)`,
    ]);
    expect(evaluation!.nonFinite).toEqual({ sen2: 2, sen1: 0 });
  });
});
