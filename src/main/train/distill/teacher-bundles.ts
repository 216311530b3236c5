/**
 * The teacher of a distillation: training runs (their members' bundles) and bundles (ours or imported, NCHW or
 * NHWC), checked before any work against what the student learns from (So2Sat's 32 x 32 sen2 patches, the 17 LCZ
 * classes in order), and identified by the sha256 of their files: the cached soft targets are keyed by them, and a
 * resumed run refuses a teacher that changed since it began.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ALL_LCZ_VALUES, MANIFEST_FILE } from '../../../shared/bundle-manifest';
import type { TeacherRecord } from '../../../shared/contract/distill-settings';
import { UserError } from '../../../shared/errors';
import { readBundle, type Bundle } from '../../bundles/bundle-io';
import { sen2Indices } from '../../evaluation/evaluate-bundles';
import { openRegularFile } from '../../files/input-file';
import { RunStore } from '../run-store';

/** A teacher bundle read and checked: where its bands are among So2Sat's sen2 bands, and its record. */
export interface TeacherBundle {
  bundle: Bundle;
  /** Index of each of the bundle's bands among So2Sat's 10 sen2 bands, in the bundle's order. */
  bands: number[];
  record: TeacherRecord;
}

/**
 * The bundle folders a teacher names: a training run stands for its members' bundles, a bundle for itself. A run
 * with no bundle (not finished, or only SAR members) cannot teach.
 */
export async function teacherBundleDirs(sources: readonly string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const source of sources) {
    const dir = resolve(source);
    if (existsSync(join(dir, 'run.json'))) {
      const run = await new RunStore(dir).read();
      const bundles = run.members.map((m) => m.bundle).filter((b): b is string => b !== null);
      if (bundles.length === 0) throw new UserError(`the training run has no member bundle to teach with (it is ${run.state}); finish it, or write its bundles with lcz export-onnx --run ${dir}`, dir);
      dirs.push(...bundles.map((b) => resolve(b)));
    } else if (existsSync(join(dir, MANIFEST_FILE))) dirs.push(dir);
    else throw new UserError(`is neither a training run (run.json) nor a model bundle (${MANIFEST_FILE}): a teacher is one of those`, dir);
  }
  const twice = dirs.find((d, i) => dirs.indexOf(d) !== i);
  if (twice) throw new UserError('is named twice in the teacher (a bundle, or a member of a run given as well)', twice);
  return dirs;
}

export async function sha256OfFile(path: string): Promise<string> {
  const { handle } = await openRegularFile(path);
  try {
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** One teacher bundle read and checked against the student's data; a UserError naming the bundle otherwise. */
async function teacherBundle(dir: string): Promise<TeacherBundle> {
  const bundle = await readBundle(dir);
  const { manifest } = bundle;
  const classes = manifest.classes;
  if (classes.length !== ALL_LCZ_VALUES.length || classes.some((c, i) => c !== ALL_LCZ_VALUES[i])) {
    throw new UserError(`as a teacher it outputs ${classes.length} classes (LCZ ${classes.join(', ')}); the student learns So2Sat's 17 LCZ classes, so a teacher must output all 17, in order`, bundle.dir);
  }
  let bands: number[];
  try {
    bands = sen2Indices(bundle);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const problem = error.file ? error.message.slice(error.file.length + 2) : error.message;
    throw new UserError(`cannot teach on So2Sat data: it ${problem}`, bundle.dir);
  }
  const [sha256, manifestSha256] = await Promise.all([sha256OfFile(bundle.modelPath), sha256OfFile(join(bundle.dir, MANIFEST_FILE))]);
  const probabilities = manifest.output.kind === 'probabilities';
  return { bundle, bands, record: { dir: bundle.dir, name: manifest.name, sha256, manifestSha256, outputs: manifest.output.kind, probabilitiesBy: probabilities ? 'manifest' : null } };
}

/** The teacher's bundles, each checked, in order. */
export async function readTeacher(dirs: readonly string[]): Promise<TeacherBundle[]> {
  const teachers: TeacherBundle[] = [];
  for (const dir of dirs) teachers.push(await teacherBundle(dir));
  return teachers;
}

/**
 * A resumed run's teacher against the one it began with: a bundle retrained or edited since would teach the rest of
 * the run something else than its first epochs learnt, and its cached outputs would no longer be its own.
 */
export function requireSameTeacher(teachers: readonly TeacherBundle[], recorded: readonly TeacherRecord[], runFile: string): void {
  if (teachers.length !== recorded.length) throw new UserError(`the run was distilled from ${recorded.length} teacher bundles, not ${teachers.length}; start a new run for another teacher`, runFile);
  teachers.forEach((t, i) => {
    const was = recorded[i]!;
    if (t.record.sha256 !== was.sha256 || t.record.manifestSha256 !== was.manifestSha256) {
      const what = t.record.sha256 !== was.sha256 ? `its model.onnx (sha256 ${was.sha256.slice(0, 12)}… then, ${t.record.sha256.slice(0, 12)}… now)` : 'its manifest.json';
      throw new UserError(`this teacher bundle changed since the distillation run ${runFile} began: ${what}; the run's epochs so far learnt from the old one, so start a new run to distil the new one`, t.bundle.dir);
    }
  });
}
