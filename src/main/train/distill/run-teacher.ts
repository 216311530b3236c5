/**
 * The teacher side of a distillation run, at the two points where trainRun meets it:
 *
 * 1. before any work (before the data check's pass over the training file): the teacher's bundles read and checked
 *    (17 classes in order, bands So2Sat holds, 32-pixel patches), and on a resume compared with those the run began
 *    with; run.json records them;
 * 2. once the run's patches are known: the teacher's outputs over them, from the run's cache, else from a sibling
 *    run's (a repeated distillation), else from a teacher pass (counted in run.json's teacherPasses), and the
 *    objective the students train with.
 */
import type { RunFile } from '../../../shared/contract/training';
import type { RunContext } from '../run-context';
import type { RunData } from '../run-data';
import type { RunStore } from '../run-store';
import { CachedTeacherObjective } from './distill-objective';
import { readTeacher, requireSameTeacher, type TeacherBundle } from './teacher-bundles';
import { CacheReader } from './teacher-cache';
import { teacherOutputs } from './teacher-outputs';

function settingsOf(status: RunFile) {
  const settings = status.params.distillation;
  if (!settings) throw new Error('not a distillation run');
  return settings;
}

/** Step 1: the checked teacher; status.distillation is set (a new run) or checked against it (a resume). */
export async function checkRunTeacher(status: RunFile, store: RunStore): Promise<TeacherBundle[]> {
  const teachers = await readTeacher(settingsOf(status).teacher);
  if (status.distillation) requireSameTeacher(teachers, status.distillation.teachers, store.statusFile);
  else status.distillation = { teachers: teachers.map((t) => t.record), cache: null, teacherPasses: 0 };
  return teachers;
}

/** The patches a run reads (training and validation), sorted: the cache's rows, in file order. */
export function runPatches(data: Pick<RunData, 'train' | 'validation'>): Uint32Array {
  const all = new Uint32Array(data.train.length + data.validation.length);
  all.set(data.train);
  all.set(data.validation, data.train.length);
  return all.sort();
}

/** Step 2: the teacher's outputs for the run's patches (reused or computed), as the students' objective. */
export async function distillationObjective(teachers: readonly TeacherBundle[], status: RunFile, data: RunData, store: RunStore, ctx: RunContext): Promise<CachedTeacherObjective> {
  const settings = settingsOf(status);
  const record = status.distillation!;
  const patches = runPatches(data);
  const outputs = await teacherOutputs({ teachers, fusion: settings.fusion, file: data.file, patches, dir: store.dir, lookIn: 'siblings', ctx });
  if (outputs.source === 'computed') record.teacherPasses += 1;
  // What the pass found out about each teacher's outputs (probabilities detected) belongs to the run's record.
  record.teachers = outputs.teachers;
  record.cache = { key: outputs.key, patches: outputs.meta.patches, source: outputs.source, from: outputs.from };
  await store.write(status);
  return new CachedTeacherObjective(await CacheReader.open(store.dir, outputs.key, patches), { temperature: settings.temperature, alpha: settings.alpha });
}
