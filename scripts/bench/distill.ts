/**
 * Benchmark of distillation (`npm run bench -- distill [--patches 4000] [--rounds 4] [--student tiny-cnn:all:1:2]
 * [--sizes 2000,8000] [--no-memory]`), on synthetic So2Sat data with the demo bundle (a Sen2LCZ-Net) as the teacher:
 *
 * 1. time per epoch: the same student trained for one epoch by the training engine (train-member.ts) without a
 *    teacher and with the cached teacher outputs (the distillation loss, the teacher's rows read per batch, the
 *    validation's agreement), in alternating rounds in one process so that other load on the machine hits both
 *    alike. The machines are shared: other work slows any round, never speeds it, so the ratio of the best rounds is
 *    the headline (target: at most 1.10), with the medians' ratio and each round's. The default student is the tiny preset,
 *    the worst case: the less a step computes, the more the teacher's share of it shows. The teacher pass (once per
 *    run, then cached) is timed apart.
 * 2. memory: peak resident memory (the job process's maxRSS) of a whole distill job, and of a plain training job of
 *    the same student for comparison, on two training files of different sizes: it should not grow with the file.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMember } from '../../src/cli/commands/train';
import { JobManager } from '../../src/main/jobs/job-manager';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { initTrainingBackend } from '../../src/main/train/backend';
import { CachedTeacherObjective } from '../../src/main/train/distill/distill-objective';
import { runPatches } from '../../src/main/train/distill/run-teacher';
import { readTeacher } from '../../src/main/train/distill/teacher-bundles';
import { CacheReader, CacheWriter } from '../../src/main/train/distill/teacher-cache';
import { runTeacherPass } from '../../src/main/train/distill/teacher-targets';
import { memberChannels } from '../../src/main/train/input-modes';
import type { RunContext } from '../../src/main/train/run-context';
import { closeRunData, openRunData } from '../../src/main/train/run-data';
import { trainMember } from '../../src/main/train/train-member';
import { trainParamsSchema, type EpochRecord, type JobRecord } from '../../src/shared/contract';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const patches = Number(option('patches', '3000'));
const rounds = Number(option('rounds', '6'));
const student = parseMember(option('student', 'tiny-cnn:all:1:2'), 0);
const sizes = option('sizes', '2000,8000').split(',').map(Number);
const TEACHER = join(import.meta.dirname, '..', '..', 'resources', 'demo', 'bundle');

const temp = mkdtempSync(join(tmpdir(), 'lcz-bench-distill-'));
const ctx: RunContext = { signal: new AbortController().signal, progress: () => undefined, warn: (m) => console.log(`warning: ${m}`) };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const best = (values: number[]) => Math.min(...values);

console.log(`distillation benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); student ${student.arch}:${student.inputs} width ${student.width}; teacher ${TEACHER}`);
try {
  // 1. Time per epoch, with and without the teacher, alternating.
  const train = join(temp, 'train.h5');
  await writeSyntheticSo2Sat(train, { patches, seed: 5 });
  const backend = await initTrainingBackend();
  console.log(`training backend: ${backend.name}, ${backend.threads} threads`);
  const params = trainParamsSchema.parse({ train, members: [student], epochs: 1, batchSize: 64, runDir: temp });
  const channels = memberChannels(student);
  const data = await openRunData(params, [channels], null, ctx);
  try {
    const teacher = await readTeacher([TEACHER]);
    const cacheRun = join(temp, 'cache-run');
    const rows = runPatches(data);
    const writer = await CacheWriter.create(cacheRun, 'bench');
    const started = performance.now();
    const records = await runTeacherPass({ file: data.file, patches: rows, teachers: teacher, fusion: 'logits', writer, ctx });
    await writer.finish({ version: 1, teachers: [], fusion: 'logits', data: { path: train, size: 0, mtimeMs: 0, endsSha256: '' }, patches: { count: rows.length, sha256: '' } }, records);
    const teacherSeconds = (performance.now() - started) / 1000;
    console.log(`teacher pass (once per run, then cached): ${rows.length} patches in ${teacherSeconds.toFixed(1)} s (${(rows.length / teacherSeconds).toFixed(0)} patches/s)`);
    const objective = new CachedTeacherObjective(await CacheReader.open(cacheRun, 'bench', rows), { temperature: 3, alpha: 0.7 });

    const epoch = async (distil: boolean, round: number): Promise<EpochRecord> => {
      const memberDir = join(temp, `member-${distil ? 'distil' : 'plain'}-${round}`);
      mkdirSync(memberDir, { recursive: true });
      const { history } = await trainMember({ ...data, spec: student, channels, params, memberDir, signal: ctx.signal, onBatch: () => undefined, onEpoch: async () => undefined, objective: distil ? objective : null });
      return history[0]!;
    };
    // A warm-up epoch of each, not counted: the first epochs of a process also compile the kernels and grow the heap.
    await epoch(false, -1);
    await epoch(true, -1);
    const plain: EpochRecord[] = [];
    const distilled: EpochRecord[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first: the first of a pair meets a cold cache and whatever the machine does then.
      for (const distil of r % 2 === 0 ? [false, true] : [true, false]) (distil ? distilled : plain).push(await epoch(distil, r));
      const ratio = distilled[r]!.seconds / plain[r]!.seconds;
      console.log(`round ${r + 1}: epoch ${plain[r]!.seconds.toFixed(2)} s without the teacher, ${distilled[r]!.seconds.toFixed(2)} s with it (ratio ${ratio.toFixed(3)})`);
    }
    await objective.close();
    const trainSeconds = (e: EpochRecord) => data.train.length / e.samplesPerSecond;
    const whole = (e: EpochRecord) => e.seconds;
    console.log(`\n| per epoch (${data.train.length} training + ${data.validation.length} validation patches), s | without teacher | with cached teacher | ratio |`);
    console.log('|---|---:|---:|---:|');
    for (const [what, of] of [['whole epoch', whole], ['training steps only', trainSeconds]] as const) {
      for (const [stat, f] of [['best', best], ['median', median]] as const) {
        const [a, b] = [f(plain.map(of)), f(distilled.map(of))];
        console.log(`| ${what}, ${stat} round | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(3)} |`);
      }
    }
    const headline = best(distilled.map(whole)) / best(plain.map(whole));
    console.log(`\ndistillation / plain time per epoch: ${headline.toFixed(3)} (best rounds; target <= 1.10: ${headline <= 1.1 ? 'met' : 'NOT met'}); medians ${(median(distilled.map(whole)) / median(plain.map(whole))).toFixed(3)}; per round ${distilled.map((d, i) => (d.seconds / plain[i]!.seconds).toFixed(3)).join(', ')}`);
  } finally {
    await closeRunData(data);
  }

  // 2. Peak memory of whole jobs on two file sizes.
  if (!args.includes('--no-memory')) {
    const jobs = new JobManager();
    const peak = async (request: Parameters<JobManager['start']>[0]): Promise<number> => {
      const record: JobRecord = await jobs.wait(jobs.start(request));
      if (record.state !== 'succeeded') throw new Error(`${request.kind} job ${record.state}${record.state === 'failed' ? `: ${record.reason}` : ''}`);
      return record.peakMemoryMb ?? NaN;
    };
    console.log('\n| training file | file size | distill job peak RSS | training job peak RSS |');
    console.log('|---:|---:|---:|---:|');
    for (const n of sizes) {
      const file = join(temp, `train-${n}.h5`);
      await writeSyntheticSo2Sat(file, { patches: n, seed: 6 });
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
      const distill = await peak({ kind: 'distill', params: { teacher: [TEACHER], student, train: file, epochs: 1, runDir: join(temp, `distill-${n}`) } });
      const plain = await peak({ kind: 'train', params: { train: file, members: [student], epochs: 1, runDir: join(temp, `train-${n}`) } });
      console.log(`| ${n.toLocaleString('en-US')} patches | ${(size / 2 ** 20).toFixed(0)} MB | ${distill.toFixed(0)} MB | ${plain.toFixed(0)} MB |`);
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
process.exit(0);
