/**
 * Fine-tuning a pruned model with a teacher: the distillation of distill/ (the same checks of the teacher, the same
 * cached outputs, the same loss), applied to the pruned model's fine-tuning instead of a student's training. The
 * teacher's outputs over the pruning's patches are cached in the pruning's work folder; when the parent bundle is
 * the student of a distillation run that cached the same teacher over the same patches of the same file (the same
 * split: prune-data.ts splits as a run does), that run's cache is reused and the teacher does not run again.
 */
import type { BundleDistillation, PruningFinetune } from '../../../shared/bundle-manifest';
import type { PruneTeacher } from '../../../shared/contract/compression';
import type { EpochRecord } from '../../../shared/contract/training';
import type { RunContext } from '../run-context';
import { CachedTeacherObjective } from '../distill/distill-objective';
import { runPatches } from '../distill/run-teacher';
import { readTeacher, teacherBundleDirs, type TeacherBundle } from '../distill/teacher-bundles';
import { CacheReader } from '../distill/teacher-cache';
import { teacherOutputs, type TeacherOutputs } from '../distill/teacher-outputs';
import type { PruneData } from './prune-data';

/** The teacher of a pruning, resolved into bundles and checked against the data. */
export interface CheckedPruneTeacher {
  settings: PruneTeacher;
  teachers: TeacherBundle[];
}

/** Before any work: runs resolved into their members' bundles, each checked (17 classes in order, So2Sat's bands). */
export async function checkPruneTeacher(settings: PruneTeacher): Promise<CheckedPruneTeacher> {
  return { settings, teachers: await readTeacher(await teacherBundleDirs(settings.sources)) };
}

export interface PruneObjective {
  objective: CachedTeacherObjective;
  outputs: TeacherOutputs;
}

/**
 * The objective the pruned model fine-tunes with: the teacher's outputs over the pruning's patches, from the parent's
 * distillation run when it has them (`parentRun`), else from one teacher pass into `workDir`'s cache.
 */
export async function pruneObjective(teacher: CheckedPruneTeacher, data: PruneData, workDir: string, parentRun: string | null, ctx: RunContext): Promise<PruneObjective> {
  const { settings, teachers } = teacher;
  const patches = runPatches(data);
  const outputs = await teacherOutputs({ teachers, fusion: settings.fusion, file: data.file, patches, dir: workDir, lookIn: { folders: parentRun ? [parentRun] : [] }, ctx });
  const reader = await CacheReader.open(workDir, outputs.key, patches);
  return { objective: new CachedTeacherObjective(reader, { temperature: settings.temperature, alpha: settings.alpha }), outputs };
}

/** The teacher as a distilled student's manifest records it: its bundles' names and model hashes, and the settings. */
export function teacherProvenance(teacher: CheckedPruneTeacher): BundleDistillation {
  const { temperature, alpha, fusion } = teacher.settings;
  return { teacher: teacher.teachers.map((t) => ({ name: t.record.name, sha256: t.record.sha256 })), temperature, alpha, fusion, preset: null };
}

/** The manifest's record of the fine-tuning: on the labels, or with the teacher and the last epoch's figures. */
export function finetuneRecord(base: { epochs: number; data: string; learningRate: number }, teacher: CheckedPruneTeacher | null, history: readonly EpochRecord[]): PruningFinetune {
  if (!teacher) return { ...base, loss: 'cross-entropy' };
  const last = history.at(-1)?.distillation;
  if (!last) throw new Error('fine-tuning with a teacher recorded no distillation figures');
  return { ...base, loss: 'distillation', distillation: teacherProvenance(teacher), lastEpoch: last };
}

/** How the teacher's outputs were had, for the manifest's description. */
export function outputsSentence(outputs: TeacherOutputs): string {
  if (outputs.source === 'copied') return `its outputs reused from the cache of ${outputs.from}`;
  return `its outputs computed once over ${outputs.meta.patches.toLocaleString('en-US')} patches`;
}
