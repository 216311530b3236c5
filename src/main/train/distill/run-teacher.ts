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
import { CacheReader, CacheWriter, cacheKey, copySiblingCache, dataFileIdentity, patchesHash, readCacheMeta, type CacheKeyParts, type CacheMeta } from './teacher-cache';
import { runTeacherPass } from './teacher-targets';

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
  const parts: CacheKeyParts = {
    version: 1,
    teachers: teachers.map((t) => ({ sha256: t.record.sha256, manifestSha256: t.record.manifestSha256 })),
    fusion: settings.fusion,
    data: await dataFileIdentity(data.file.path),
    patches: { count: patches.length, sha256: patchesHash(patches) },
  };
  const key = cacheKey(parts);
  let meta: CacheMeta | null = await readCacheMeta(store.dir, key);
  let source: 'computed' | 'cached' | 'copied' = 'cached';
  let from: string | null = null;
  if (!meta) {
    const copied = await copySiblingCache(store.dir, key);
    if (copied) [meta, source, from] = [copied.meta, 'copied', copied.from];
  }
  if (meta) {
    ctx.progress({ stage: `Reusing the teacher's outputs cached ${from ? `by ${from}` : 'by this run'}`, done: patches.length, total: patches.length });
  } else {
    const writer = await CacheWriter.create(store.dir, key);
    try {
      meta = await writer.finish(parts, await runTeacherPass({ file: data.file, patches, teachers, fusion: settings.fusion, writer, ctx }));
    } catch (error) {
      await writer.abandon();
      throw error;
    }
    source = 'computed';
    record.teacherPasses += 1;
  }
  const found = meta;
  // What the pass found out about each teacher's outputs (probabilities detected) belongs to the run's record.
  record.teachers = teachers.map((t, i) => ({ ...t.record, outputs: found.teachers[i]?.outputs ?? t.record.outputs, probabilitiesBy: found.teachers[i]?.probabilitiesBy ?? t.record.probabilitiesBy }));
  record.cache = { key, patches: found.patches, source, from };
  await store.write(status);
  return new CachedTeacherObjective(await CacheReader.open(store.dir, key, patches), { temperature: settings.temperature, alpha: settings.alpha });
}
