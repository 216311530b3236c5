import { createStore, useStoreSlice } from '../../app/store';

/** A run of "Map with teacher and student": its two mapping jobs and the result folders they make. */
export interface PairRun {
  /** The scene's truth map, when known: the comparison scores both maps against it. */
  truth: string | null;
  name: string;
  teacher: { jobId: string; dir: string };
  student: { jobId: string; dir: string };
  /** Set once both maps are made and the comparison job started. */
  compareJobId: string | null;
  /** Why the run stopped short of a comparison. */
  failure: string | null;
}

export interface TeacherStudentState {
  /** The chosen bundles' folders. */
  teacher: string | null;
  student: string | null;
  run: PairRun | null;
  /** What stops the pair from mapping the open scene; null while the core checks. */
  problems: readonly string[] | null;
}

export const teacherStudentStore = createStore<TeacherStudentState>({ teacher: null, student: null, run: null, problems: [] });

export function useTeacherStudent<T>(selector: (state: TeacherStudentState) => T): T {
  return useStoreSlice(teacherStudentStore, selector);
}

/** Whether a mapping job is one of a teacher-and-student run (its result is compared, not opened on the map). */
export function isPairJob(jobId: string): boolean {
  const run = teacherStudentStore.get().run;
  return run !== null && (run.teacher.jobId === jobId || run.student.jobId === jobId);
}
