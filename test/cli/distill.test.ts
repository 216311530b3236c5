// The lab user's distillation on the command line: synthetic So2Sat data (`lcz so2sat synth`), a small teacher
// ensemble (`lcz train`), distilled into a tiny student (`lcz distill`), interrupted and resumed: the student's bundle
// carries its provenance, the teacher ran over the data once (the resume reused the run's cache, a repeated run a
// sibling's), a data file rewritten since gets a new teacher pass, and the student agrees with the teacher far above
// chance. Bad teachers are refused in one line before anything is written.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/main/bundles/bundle-io';
import { runFileSchema, type RunFile } from '../../src/shared/contract/training';
import { makeCnnOnnx, manifestFor } from '../fixtures/onnx-models';
import { lczCli, startLcz } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-distill-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const options = { cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 300_000 };
const lcz = lczCli(options);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readRun = (dir: string): RunFile => runFileSchema.parse(JSON.parse(readFileSync(join(temp, dir, 'run.json'), 'utf8')));
/** Short training settings that still teach the tiny CNNs something on 1,200 synthetic patches. */
const QUICK = ['--batch', '32', '--lr', '5e-3'];
const distill = (out: string, ...extra: string[]) => ['distill', '--teacher', 'teacher', '--student', 'tiny-cnn:all:5', '--train', 'train.h5', ...QUICK, ...extra, '--out', out];

function epochsDone(dir: string): number {
  try {
    return readRun(dir).members[0]!.epochsDone;
  } catch {
    return 0; // not written yet
  }
}

describe('lcz distill', () => {
  beforeAll(() => {
    const synth = lcz('so2sat', 'synth', '--n', '1200', '--seed', '21', '--out', 'train.h5');
    expect(synth.status, synth.stderr).toBe(0);
    const teacher = lcz('train', '--train', 'train.h5', '--member', 'tiny-cnn:all:1', '--member', 'tiny-cnn:all:2', '--epochs', '5', ...QUICK, '--out', 'teacher');
    expect(teacher.status, teacher.stderr).toBe(0);
  }, 300_000);

  it('distils the ensemble into a student, resumes after Ctrl-C without running the teacher again, and reuses its outputs in a repeat', { timeout: 600_000, tags: ['slow'] }, async () => {
    // Interrupted once its first epoch is saved (the teacher pass is over by then).
    const first = startLcz(options, ...distill('student', '--epochs', '5'));
    let ended = false;
    void first.done.finally(() => (ended = true));
    while (!ended && epochsDone('student') === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ended, 'the distillation ended before its first epoch was saved').toBe(false);
    first.child.kill('SIGINT');
    const cancelled = await first.done;
    expect(cancelled.status, cancelled.stderr).toBe(130);
    expect(cancelled.stderr).toMatch(/Running the teacher \(2 bundles\) over 1,200 patches/);
    expect(cancelled.stderr).toContain(`continue it with lcz distill --resume ${join(temp, 'student')}`);
    expect(readRun('student').distillation).toMatchObject({ teacherPasses: 1, cache: { source: 'computed', patches: 1200 } });

    const resumed = lcz('distill', '--resume', 'student');
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).not.toMatch(/Running the teacher/);
    expect(resumed.stderr).toMatch(/Reusing the teacher's outputs cached by this run/);
    expect(resumed.stderr).toMatch(/Teacher outputs for 1,200 patches: reused from this run's cache \(teacher passes by this run: 1\)/);
    const run = readRun('student');
    expect(run.state).toBe('done');
    expect(run.distillation).toMatchObject({ teacherPasses: 1, cache: { source: 'cached' } });
    expect(run.params.distillation).toMatchObject({ temperature: 3, alpha: 0.7, fusion: 'logits', preset: null });

    // The curves: both parts of the loss, validation accuracy and agreement, every epoch.
    const history = run.members[0]!.history;
    expect(history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5]);
    for (const h of history) expect(h.distillation).toEqual({ hardLoss: expect.any(Number), softLoss: expect.any(Number), valHardLoss: expect.any(Number), valSoftLoss: expect.any(Number), valAgreement: expect.any(Number) });

    // Agreement with the teacher far above chance: above the share of the commonest class (what two models that
    // always answer it would agree on) by a wide margin.
    const info = JSON.parse(lcz('so2sat', 'info', 'train.h5', '--json').stdout) as { classCounts: number[]; patches: number };
    const commonest = Math.max(...info.classCounts) / info.patches;
    expect(history.at(-1)!.distillation!.valAgreement).toBeGreaterThan(commonest + 0.2);

    // The student's bundle names its teacher: the ensemble's bundles and their sha256, T, alpha, the fusion.
    const student = await readBundle(join(temp, 'student', 'bundles', '1'));
    const teacherBundles = readRun('teacher').members.map((m) => m.bundle!);
    expect(student.manifest.provenance.distillation).toEqual({
      teacher: await Promise.all(teacherBundles.map(async (dir) => ({ name: (await readBundle(dir)).manifest.name, sha256: run.distillation!.teachers.find((t) => t.dir === dir)!.sha256 }))),
      temperature: 3,
      alpha: 0.7,
      fusion: 'logits',
      preset: null,
    });
    expect(student.manifest.provenance.method).toMatch(/^Distilled from an ensemble of 2 bundles \(mean of logits, T = 3, alpha = 0.7\)/);
    expect(run.distillation!.teachers.map((t) => t.sha256)).toEqual(teacherBundles.map((dir) => sha256(join(dir, 'model.onnx'))));

    // A repeat beside it (same teacher, same data): the sibling's cache is copied, the teacher does not run.
    const repeat = lcz(...distill('repeat', '--epochs', '1'));
    expect(repeat.status, repeat.stderr).toBe(0);
    expect(repeat.stderr).not.toMatch(/Running the teacher/);
    expect(readRun('repeat').distillation).toMatchObject({ teacherPasses: 0, cache: { source: 'copied', from: join(temp, 'student') } });

    // The data file rewritten (other synthetic cities, same size): not the data the cache was made from.
    expect(lcz('so2sat', 'synth', '--n', '1200', '--seed', '22', '--out', 'train.h5').status).toBe(0);
    const rewritten = lcz(...distill('rewritten', '--epochs', '1'));
    expect(rewritten.status, rewritten.stderr).toBe(0);
    expect(rewritten.stderr).toMatch(/Running the teacher \(2 bundles\) over 1,200 patches/);
    expect(readRun('rewritten').distillation).toMatchObject({ teacherPasses: 1, cache: { source: 'computed' } });
  });

  it('refuses a teacher of other classes in one line, before anything is written', async () => {
    const bad = join(temp, 'ten-classes');
    await writeBundle(bad, manifestFor({ classes: 10 }), makeCnnOnnx({ classes: 10 }));
    const result = lcz(...distill('refused', '--epochs', '1').map((a) => (a === 'teacher' ? bad : a)));
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`lcz: ${bad}: as a teacher it outputs 10 classes (LCZ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10); the student learns So2Sat's 17 LCZ classes, so a teacher must output all 17, in order`);
    expect(existsSync(join(temp, 'refused'))).toBe(false);
  });
});
