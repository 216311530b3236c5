import type { JobRequestInput } from '../../../shared/contract';
import { api } from '../../api';
import { reportError } from '../../app/report-error';
import { followJob } from '../jobs/job-events';
import { runDirOfTarget } from '../jobs/job-target';
import { cancelJob, refreshJobs } from '../jobs/jobs-sync';
import { mappingStore } from '../mapping/mapping-store';
import { fetchRun } from '../training/run-actions';
import { runsStore } from '../training/runs-store';
import { trainingStore } from '../training/training-store';
import { compareParamsOf, folderStamp, productsOf, pruneParamsOf, pruneRunOf, quantizeParamsOf, runTeacherDirs, type PruneRun } from './compress-params';
import { distillParamsOf, type DistillForm } from './distill-form';
import { distillStore, type DistillStep } from './distill-store';

/** The form as distillParamsOf reads it: the view's own fields, and the data chosen in the Training view. */
export function distillFormOf(): DistillForm {
  const d = distillStore.get();
  const t = trainingStore.get();
  return { teacher: d.teacher, train: t.train?.path ?? null, trainInfo: t.train?.info ?? null, trainError: t.train?.error ?? null, test: t.test?.path ?? null, testError: t.test?.error ?? null, student: d.student, settings: d.settings };
}

export function toggleTeacher(dir: string): void {
  distillStore.set((s) => ({ teacher: s.teacher.includes(dir) ? s.teacher.filter((t) => t !== dir) : [...s.teacher, dir] }));
}

/** Puts a distillation run in focus: its curves, what was made of its student, its report. */
export function focusRun(dir: string): void {
  if (distillStore.get().runDir !== dir) distillStore.set({ runDir: dir, report: null, reportError: null });
  void fetchRun(dir);
}

async function start(step: DistillStep, request: JobRequestInput, action: string): Promise<string | null> {
  distillStore.set({ busy: true });
  try {
    const { jobId, target } = await api.invoke('jobs/start', request);
    distillStore.set((s) => ({ jobs: { ...s.jobs, [step]: jobId } }));
    followJob(jobId);
    void refreshJobs();
    return target.type === 'run' ? runDirOfTarget(target) : null;
  } catch (error) {
    reportError(error, { action });
    return null;
  } finally {
    distillStore.set({ busy: false });
  }
}

/** Starts distilling the form's teacher into its student; the new run takes the view. */
export async function startDistillation(): Promise<void> {
  const { params } = distillParamsOf(distillFormOf());
  if (!params) return;
  const dir = await start('distill', { kind: 'distill', params }, 'Cannot start the distillation');
  if (dir) distillStore.set({ runDir: dir, report: null, reportError: null });
}

/** Continues a cancelled, failed or interrupted distillation run from its last checkpoint (its teacher outputs are cached). */
export async function resumeDistillation(dir: string): Promise<void> {
  await start('distill', { kind: 'resume-training', params: { runDir: dir } }, 'Cannot resume the distillation');
  focusRun(dir);
}

export function cancelStep(step: DistillStep): void {
  const jobId = distillStore.get().jobs[step];
  if (jobId) void cancelJob(jobId);
}

/** The run in focus as the steps after it need it: its student's bundle and its teacher's bundles. */
export function focusedStudent(): { dir: string; student: string; teacher: string[]; train: string; test: string | null; pruneRun: PruneRun } | null {
  const dir = distillStore.get().runDir;
  const status = dir ? runsStore.get().details[dir]?.status : undefined;
  const student = status?.members[0]?.bundle;
  if (!dir || !status || status.state !== 'done' || !student) return null;
  return { dir, student, teacher: runTeacherDirs(status), train: status.params.train, test: status.params.test, pruneRun: pruneRunOf(status) };
}

export async function quantizeStudent(): Promise<void> {
  const run = focusedStudent();
  if (!run) return;
  const { params } = quantizeParamsOf(run.student, run.train, distillStore.get().quantize, folderStamp(new Date()));
  if (params) await start('quantize', { kind: 'quantize', params }, 'Cannot quantize the student');
}

export async function pruneStudent(): Promise<void> {
  const run = focusedStudent();
  if (!run) return;
  const { params } = pruneParamsOf(run.student, run.train, run.test, distillStore.get().prune, folderStamp(new Date()), run.pruneRun);
  if (params) await start('prune', { kind: 'prune', params }, 'Cannot prune the student');
}

/** Compares teacher, student, int8 and pruned on the run's test file (else its training file: the report says so). */
export async function compareModels(): Promise<void> {
  const run = focusedStudent();
  if (!run) return;
  const products = productsOf(mappingStore.get().bundles ?? [], run.dir);
  await start('compare', { kind: 'compare-models', params: compareParamsOf(run, products, run.test ?? run.train, folderStamp(new Date())) }, 'Cannot compare the models');
}

/** Reads a comparison report (models/comparison) into the view. */
export async function loadReport(dir: string): Promise<void> {
  try {
    const data = await api.invoke('models/comparison', { dir });
    distillStore.set({ report: { dir, data }, reportError: null });
  } catch (error) {
    distillStore.set({ reportError: error instanceof Error ? error.message : String(error) });
  }
}
