// `lcz prune --teacher`: a distilled student (`lcz distill`) pruned and fine-tuned with its teacher run (the
// distillation loss on the teacher's cached outputs): the pruned bundle's manifest records the teacher's bundles with
// their hashes, T, alpha and fusion, and the last fine-tuning epoch's hard and soft parts of the loss. The outputs the
// distillation run cached are reused when they fit the pruning's patches; otherwise the teacher runs once. Bad input:
// a teacher whose classes or bands do not fit So2Sat data, teacher settings without a teacher; one line each, nothing
// written.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../src/main/bundles/bundle-io';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { bundleManifestSchema, type BundleManifest } from '../../src/shared/bundle-manifest';
import { makeCnnOnnx, manifestFor } from '../fixtures/onnx-models';
import { lczCli } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-prune-teacher-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const lcz = lczCli({ cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 300_000 });
const at = (name: string) => join(temp, name);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const manifestOf = (dir: string): BundleManifest => bundleManifestSchema.parse(JSON.parse(readFileSync(at(`${dir}/manifest.json`), 'utf8')));
const prune = (out: string, ...extra: string[]) => lcz('prune', '--bundle', 'student/bundles/1', '--ratio', '0.5', '--train', 'train.h5', '--finetune-epochs', '1', '--batch', '32', '--lr', '1e-3', ...extra, '--out', out);

beforeAll(async () => {
  await writeSyntheticSo2Sat(at('train.h5'), { patches: 400, seed: 11 });
  const teacher = lcz('train', '--train', 'train.h5', '--member', 'tiny-cnn:all:2:1', '--epochs', '1', '--batch', '32', '--lr', '3e-3', '--out', 'teacher');
  expect(teacher.status, teacher.stderr).toBe(0);
  const student = lcz('distill', '--teacher', 'teacher', '--student', 'tiny-cnn:all:1:2', '--train', 'train.h5', '--epochs', '1', '--batch', '32', '--lr', '3e-3', '--out', 'student');
  expect(student.status, student.stderr).toBe(0);
}, 240_000);

describe('lcz prune --teacher', () => {
  it('fine-tunes the pruned model with the teacher and records the teacher, its settings and the loss parts in the manifest', { timeout: 240_000 }, () => {
    // On a subset of the file: not the patches the distillation cached, so the teacher runs over them.
    const run = prune('pruned', '--teacher', 'teacher', '--T', '2', '--alpha', '0.5', '--max-patches', '300');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Running the teacher \(1 bundle\) over 300 patches/);
    const manifest = manifestOf('pruned');
    const p = manifest.provenance.pruning!;
    expect(p.source).toBe('checkpoint');
    const finetune = p.finetune!;
    expect(finetune).toMatchObject({ epochs: 1, data: at('train.h5'), learningRate: 1e-3, loss: 'distillation' });
    if (finetune.loss !== 'distillation') throw new Error('not fine-tuned with the teacher');
    // The teacher is the other run's member, by name and by the hash of its model (not the parent's).
    expect(finetune.distillation).toEqual({ teacher: [{ name: manifestOf('teacher/bundles/1').name, sha256: sha256(at('teacher/bundles/1/model.onnx')) }], temperature: 2, alpha: 0.5, fusion: 'logits', preset: null });
    expect(finetune.distillation.teacher[0]!.sha256).not.toBe(p.parent.sha256);
    // The fine-tuning's curve has the distillation's parts: cross-entropy with the labels, T^2 KL to the teacher.
    const e = finetune.lastEpoch;
    for (const part of [e.hardLoss, e.softLoss, e.valHardLoss, e.valSoftLoss]) expect(part).toBeGreaterThan(0);
    expect(e.valAgreement).toBeGreaterThanOrEqual(0);
    expect(e.valAgreement).toBeLessThanOrEqual(1);
    expect(manifest.provenance.method).toMatch(/distillation loss with the teacher ".+": T = 2, alpha = 0.5, mean of logits, its outputs computed once over 300 patches/);
    expect(manifest.provenance.reproduce).toContain(`--teacher ${at('teacher')} --T 2 --alpha 0.5 --teacher-fusion logits`);
    // The student's own distillation stays on record beside the fine-tuning's.
    expect(manifest.provenance.distillation).toEqual(manifestOf('student/bundles/1').provenance.distillation);
    expect(run.stderr).toContain(`Last fine-tuning epoch: hard loss ${e.hardLoss.toFixed(3)}, soft loss ${e.softLoss.toFixed(3)}; validation agreement with the teacher ${(100 * e.valAgreement).toFixed(1)} %`);
    // The work folder with the teacher's cache is gone; only the bundle is left beside the sources.
    expect(readdirSync(temp).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it("reuses the teacher's outputs its distillation run cached when they fit the pruning's patches", { timeout: 240_000 }, () => {
    const run = prune('pruned-again', '--teacher', 'teacher');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/Running the teacher/);
    expect(run.stderr).toContain(`Reusing the teacher's outputs cached by ${at('student')}`);
    const finetune = manifestOf('pruned-again').provenance.pruning!.finetune!;
    expect(finetune).toMatchObject({ loss: 'distillation', distillation: { temperature: 3, alpha: 0.7, fusion: 'logits' } });
    expect(manifestOf('pruned-again').provenance.method).toContain(`its outputs reused from the cache of ${at('student')}`);
    // The run's cache was only read.
    expect(readdirSync(at('student/teacher'))).toHaveLength(1);
  });

  it('refuses a teacher whose classes or bands do not fit So2Sat data in one line, before anything is written', async () => {
    const tenClasses = at('ten-classes');
    await writeBundle(tenClasses, manifestFor({ classes: 10 }), makeCnnOnnx({ classes: 10 }));
    const otherBands = at('other-bands');
    await writeBundle(otherBands, manifestFor({ channels: 12 }), makeCnnOnnx({ channels: 12 }));
    const cases = [
      [tenClasses, `lcz: ${tenClasses}: as a teacher it outputs 10 classes (LCZ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10); the student learns So2Sat's 17 LCZ classes, so a teacher must output all 17, in order\n`],
      [otherBands, new RegExp(`^lcz: ${otherBands}: cannot teach on So2Sat data: it .*S2\\.B1.*\\n$`)],
    ] as const;
    for (const [teacher, message] of cases) {
      const run = prune('refused', '--teacher', teacher);
      expect(run.status).toBe(1);
      if (typeof message === 'string') expect(run.stderr).toBe(message);
      else expect(run.stderr).toMatch(message);
      expect(existsSync(at('refused'))).toBe(false);
    }
  });

  it('refuses teacher settings without a teacher in one line', () => {
    const run = prune('no-teacher', '--T', '2');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('lcz: --T, --alpha and --teacher-fusion are settings of the teacher: give --teacher <run-or-bundle> as well\n');
    expect(existsSync(at('no-teacher'))).toBe(false);
  });
});
