import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import type { JobRecord, SceneView } from '../../../shared/contract';
import { startComparison } from '../compare/compare-actions';
import { followJob, onJobEnd } from '../jobs/job-events';
import { refreshJobs } from '../jobs/jobs-sync';
import { mapJobParams } from './map-request';
import { mappingStore, parseResolution } from './mapping-store';
import { teacherStudentStore, type PairRun } from './teacher-student-store';

/**
 * "Map with teacher and student": the open scene mapped twice, once with each chosen bundle (two mapping jobs, with
 * the Mapping tab's settings), then the two results compared (a comparison job, with the scene's truth when known);
 * the comparison opens in the Compare view when it is done.
 */

const bundleName = (dir: string) => mappingStore.get().bundles?.find((b) => b.dir === dir)?.name ?? dir.split(/[\\/]/).pop() ?? dir;
const sceneName = (scene: SceneView) => scene.name.replace(/\.tiff?$/i, '');

export function chooseTeacher(dir: string): void {
  teacherStudentStore.set({ teacher: dir });
  void checkPair();
}

export function chooseStudent(dir: string): void {
  teacherStudentStore.set({ student: dir });
  void checkPair();
}

/** The first choices once bundles are listed: the demo bundle (else the first) teaches the first other one. */
export function defaultPair(): void {
  const bundles = mappingStore.get().bundles ?? [];
  const { teacher, student } = teacherStudentStore.get();
  const known = (dir: string | null) => dir !== null && bundles.some((b) => b.dir === dir);
  const t = known(teacher) ? teacher : ((bundles.find((b) => b.demo) ?? bundles[0])?.dir ?? null);
  const s = known(student) && student !== t ? student : (bundles.find((b) => b.dir !== t)?.dir ?? null);
  if (t === teacher && s === student) return;
  teacherStudentStore.set({ teacher: t, student: s });
  void checkPair();
}

let latestCheck = 0;

/** Asks the core what stops the two bundles from mapping the open scene. */
export async function checkPair(): Promise<void> {
  const scene = appStore.get().scene;
  const { teacher, student } = teacherStudentStore.get();
  const ticket = ++latestCheck;
  if (!scene || !teacher || !student) return teacherStudentStore.set({ problems: [] });
  teacherStudentStore.set({ problems: null });
  try {
    const { problems } = await api.invoke('mapping/check', { sceneId: scene.id, bundles: [teacher, student] });
    if (ticket === latestCheck) teacherStudentStore.set({ problems });
  } catch (error) {
    if (ticket === latestCheck) teacherStudentStore.set({ problems: [error instanceof Error ? error.message : String(error)] });
  }
}

async function startMap(scene: SceneView, bundle: string, name: string): Promise<{ jobId: string; dir: string }> {
  const state = mappingStore.get();
  const params = mapJobParams(scene, { ...state, selected: [bundle], resolutionM: parseResolution(state.resolution) });
  if (!params) throw new Error('the output resolution is not a number of metres (Settings)');
  const { jobId, target } = await api.invoke('jobs/start', { kind: 'map', params: { ...params, name } });
  if (target.type !== 'result') throw new Error(`a mapping job's target is a result folder, not a ${target.type}`);
  followJob(jobId);
  return { jobId, dir: target.dir };
}

/** Starts the two mappings; the comparison follows when both succeed (see startPairSync). */
export async function mapTeacherAndStudent(): Promise<void> {
  const scene = appStore.get().scene;
  const { teacher, student } = teacherStudentStore.get();
  if (!scene || !teacher || !student || teacher === student) return;
  startPairSync();
  const name = `${bundleName(teacher)} vs ${bundleName(student)}`;
  try {
    const t = await startMap(scene, teacher, `Teacher: ${bundleName(teacher)} · ${sceneName(scene)}`);
    // Known before the second starts: the first one's end must not open its result on the map.
    const run: PairRun = { truth: scene.truthPath, name, teacher: t, student: { jobId: '', dir: '' }, compareJobId: null, failure: null };
    teacherStudentStore.set({ run });
    const s = await startMap(scene, student, `Student: ${bundleName(student)} · ${sceneName(scene)}`);
    teacherStudentStore.set({ run: { ...run, student: s } });
  } catch (error) {
    reportError(error, { action: 'Cannot map with teacher and student', file: scene.path });
    teacherStudentStore.set((st) => ({ run: st.run && { ...st.run, failure: error instanceof Error ? error.message : String(error) } }));
  }
  void refreshJobs();
}

let started = false;

/** Once: when both mappings of the run have ended, compares their results, or says why not. */
function startPairSync(): void {
  if (started) return;
  started = true;
  onJobEnd(() => void afterMapping());
}

const jobOf = (id: string): JobRecord | undefined => appStore.get().jobs.find((j) => j.id === id);

async function afterMapping(): Promise<void> {
  const run = teacherStudentStore.get().run;
  if (!run || run.compareJobId !== null || run.failure !== null || !run.student.jobId) return;
  const t = jobOf(run.teacher.jobId);
  const s = jobOf(run.student.jobId);
  if (!t || !s) return;
  for (const [job, role] of [[t, 'teacher'], [s, 'student']] as const) {
    if (job.state === 'failed' || job.state === 'cancelled') {
      teacherStudentStore.set({ run: { ...run, failure: `the ${role}'s mapping ${job.state === 'failed' ? `failed: ${job.reason}` : 'was cancelled'}` } });
      return;
    }
  }
  if (t.state !== 'succeeded' || s.state !== 'succeeded') return;
  teacherStudentStore.set({ run: { ...run, compareJobId: 'starting' } });
  const jobId = await startComparison({ a: run.teacher.dir, b: run.student.dir, truth: run.truth, name: run.name });
  teacherStudentStore.set({ run: { ...run, compareJobId: jobId, failure: jobId ? null : 'the comparison could not start' } });
}
