// Training data without finite values is refused before the first epoch, naming the file, the dataset and the bands
// (a band with no finite value can be neither normalised nor learnt from); bands no member reads do not matter. The
// warning about non-finite values names the first such patch in file order and says how many patches hold them,
// whatever order training reads them in.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFileSchema, trainParamsSchema, type RunFile, type TrainParamsInput } from '../../src/shared/contract/training';
import type { JobProgress } from '../../src/shared/contract/jobs';
import { trainRun } from '../../src/main/train/train-run';
import { runJob } from '../helpers/jobs';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-train-nonfinite-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const N = 120;
const PATCH = 32 * 32;

/** [dataset, flat index, value] for every value of the given channels of every patch. */
function wholeChannels(dataset: 'sen2' | 'sen1', channels: number, values: Record<number, number>): ['sen2' | 'sen1', number, number][] {
  const out: ['sen2' | 'sen1', number, number][] = [];
  for (let p = 0; p < N; p++) for (let px = 0; px < PATCH; px++) for (const [c, v] of Object.entries(values)) out.push([dataset, (p * PATCH + px) * channels + Number(c), v]);
  return out;
}

const files = {
  good: join(temp, 'good.h5'),
  allNaN: join(temp, 'all-nan.h5'),
  twoBands: join(temp, 'two-bands.h5'),
  sen1Dead: join(temp, 'sen1-dead.h5'),
  twoPatches: join(temp, 'two-patches.h5'),
};
/** The patches of files.twoPatches holding NaN: training meets the later one first (checked below). */
const NAN_PATCHES = [23, 39];

beforeAll(async () => {
  await writeSmallSo2Sat(files.good, { n: N });
  await writeSmallSo2Sat(files.allNaN, { n: N, nonFinite: wholeChannels('sen2', 10, Object.fromEntries(Array.from({ length: 10 }, (_, c) => [c, NaN]))) });
  // S2.B11 all +inf, S2.B12 all NaN; the other eight bands clean.
  await writeSmallSo2Sat(files.twoBands, { n: N, nonFinite: wholeChannels('sen2', 10, { 8: Infinity, 9: NaN }) });
  // sen1 channels 4 and 5 (the Lee-filtered intensities the SAR members read) all -inf.
  await writeSmallSo2Sat(files.sen1Dead, { n: N, sen1: true, nonFinite: wholeChannels('sen1', 8, { 4: -Infinity, 5: -Infinity }) });
  await writeSmallSo2Sat(files.twoPatches, { n: N, nonFinite: NAN_PATCHES.map((p) => ['sen2', p * 10240 + 7, NaN] as ['sen2', number, number]) });
}, 60_000);

const readRun = (dir: string): RunFile => runFileSchema.parse(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')));

/** trainRun in this process, as the job runs it. */
async function attempt(name: string, params: Partial<TrainParamsInput>): Promise<{ dir: string; error: unknown; stages: JobProgress[]; warnings: string[] }> {
  const dir = join(temp, name);
  const stages: JobProgress[] = [];
  const warnings: string[] = [];
  const fresh = trainParamsSchema.parse({ train: files.good, members: [{ arch: 'tiny-cnn', seed: 1 }], epochs: 1, batchSize: 16, ...params });
  const error = await trainRun(dir, fresh, { signal: new AbortController().signal, progress: (p) => stages.push(p), warn: (w) => warnings.push(w) }).then(
    () => null,
    (e: unknown) => e,
  );
  return { dir, error, stages, warnings };
}

describe('training data without finite values', () => {
  it('a sen2 of NaN only: the train job fails before its first epoch, naming the file', async () => {
    const dir = join(temp, 'job-all-nan');
    const record = await runJob({ kind: 'train', params: { train: files.allNaN, members: [{ arch: 'tiny-cnn', seed: 1 }], epochs: 1, batchSize: 16, runDir: dir } });
    expect(record.state).toBe('failed');
    const reason = record.state === 'failed' ? record.reason : '';
    expect(reason).toContain(`${files.allNaN}: sen2 holds no finite value (every value is NaN or infinite)`);
    const run = readRun(dir);
    expect(run.state).toBe('failed');
    expect(run.members[0]).toMatchObject({ epochsDone: 0, history: [] });
  }, 120_000);

  for (const normalisation of ['published', 'file'] as const) {
    it(`a sen2 of NaN only is refused before any training (${normalisation} normalisation), and so is a test file of NaN only`, async () => {
      for (const [name, params, file] of [
        [`train-${normalisation}`, { train: files.allNaN, normalisation }, files.allNaN],
        [`test-${normalisation}`, { test: files.allNaN, normalisation }, files.allNaN],
      ] as const) {
        const { dir, error, stages } = await attempt(`all-nan-${name}`, params);
        expect(String(error), name).toContain(`${file}: sen2 holds no finite value`);
        expect(stages.some((s) => /^Training/.test(s.stage)), name).toBe(false);
        expect(readRun(dir).state, name).toBe('failed');
      }
    }, 60_000);
  }

  it('bands of NaN or infinity only: refused when a member reads them, named; fine for members that do not', async () => {
    const all = await attempt('two-bands-all', { train: files.twoBands });
    expect(String(all.error)).toMatch(new RegExp(`${files.twoBands}: sen2 bands S2\\.B11, S2\\.B12 hold no finite value`));
    expect(all.stages.some((s) => /^Training/.test(s.stage))).toBe(false);
    for (const normalisation of ['published', 'file'] as const) {
      const rgb = await attempt(`two-bands-rgb-${normalisation}`, { train: files.twoBands, members: [{ arch: 'tiny-cnn', inputs: 'rgb', seed: 1 }], normalisation });
      expect(rgb.error, normalisation).toBeNull();
      expect(readRun(rgb.dir).state, normalisation).toBe('done');
    }
  }, 120_000);

  it('sen1 channels of infinity only: refused for the SAR members that read them', async () => {
    const { error, stages } = await attempt('sen1-dead', { train: files.sen1Dead, members: [{ arch: 'tiny-cnn', inputs: 'sen1-sen2', seed: 1 }] });
    expect(String(error)).toMatch(new RegExp(`${files.sen1Dead}: sen1 bands S1\\.VH_lee, S1\\.VV_lee hold no finite value`));
    expect(stages.some((s) => /^Training/.test(s.stage))).toBe(false);
  }, 60_000);
});

describe('the non-finite warning', () => {
  it('names the first patch in file order and how many patches hold such values', async () => {
    const { error, warnings } = await attempt('two-patches', { train: files.twoPatches, epochs: 2 });
    expect(error).toBeNull();
    const about = warnings.filter((w) => /non-finite/.test(w));
    expect(about).toEqual([`${files.twoPatches}: sen2 holds non-finite values (NaN or infinite) in 2 of its ${N} patches, the first at patch ${NAN_PATCHES[0]}; they are read as the band mean (0 after normalisation)`]);
  }, 60_000);
});
