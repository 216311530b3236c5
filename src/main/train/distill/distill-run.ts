/**
 * A distillation job from start to finish: the teacher (runs and bundles) resolved into bundles and checked before
 * anything is written, the student and its settings resolved from the job (and its preset), then the training run
 * that teaches it (train-run.ts, with run-teacher.ts for the teacher's side). A resume is a resume of that run.
 */
import type { DistillParams } from '../../../shared/contract/distill';
import type { RunContext } from '../run-context';
import { trainRun } from '../train-run';
import { distillTrainParams } from './students';
import { readTeacher, teacherBundleDirs } from './teacher-bundles';

/** Runs a distill job; returns the files it wrote (run.json, evaluation.json, the student's bundle). */
export async function distillRun(params: DistillParams, ctx: RunContext): Promise<string[]> {
  if (!params.runDir) throw new Error('distill job started without a run folder');
  const teacher = await teacherBundleDirs(params.teacher);
  const train = distillTrainParams(params, teacher);
  // A bad teacher (classes, bands, patch size) is refused now, before the run folder is made.
  ctx.progress({ stage: `Checking the teacher (${teacher.length} bundle${teacher.length === 1 ? '' : 's'})`, done: 0, total: teacher.length });
  await readTeacher(teacher);
  return trainRun(params.runDir, train, ctx);
}
