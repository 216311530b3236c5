import { useEffect, useId } from 'react';
import { isJobPending, type BundleSummary, type JobRecord } from '../../../shared/contract';
import { useApp } from '../../app/app-state';
import { Panel } from '../../ui/Panel';
import { JobProgress } from '../jobs/JobProgress';
import { useMapping } from './mapping-store';
import { checkPair, chooseStudent, chooseTeacher, defaultPair, mapTeacherAndStudent } from './teacher-student';
import { useTeacherStudent } from './teacher-student-store';
import './mapping.css';
import './teacher-student.css';

function BundleSelect({ label, value, bundles, onChange, testId }: { label: string; value: string | null; bundles: readonly BundleSummary[]; onChange: (dir: string) => void; testId: string }) {
  const id = useId();
  return (
    <div className="pair-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select-input" value={value ?? ''} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        {bundles.map((b) => (
          <option key={b.dir} value={b.dir}>
            {b.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function Step({ label, job }: { label: string; job: JobRecord | undefined }) {
  if (!job) return null;
  return (
    <li className="pair-step" data-state={job.state}>
      <span className="pair-step-label">{label}</span>
      {isJobPending(job) ? <JobProgress job={job} /> : <span className="pair-step-state">{job.state === 'succeeded' ? 'done' : job.state}</span>}
    </li>
  );
}

/** "Map with teacher and student": two bundles map the open scene, and their maps are compared (Compare view). */
export function TeacherStudentPanel() {
  const bundles = useMapping((s) => s.bundles) ?? [];
  const scene = useApp((s) => s.scene);
  const teacher = useTeacherStudent((s) => s.teacher);
  const student = useTeacherStudent((s) => s.student);
  const problems = useTeacherStudent((s) => s.problems);
  const run = useTeacherStudent((s) => s.run);
  const jobs = useApp((s) => s.jobs);
  const sceneId = scene?.id;
  useEffect(defaultPair, [bundles]);
  useEffect(() => void checkPair(), [sceneId]);

  const find = (id: string | null | undefined) => jobs.find((j) => j.id === id);
  const running = run !== null && run.failure === null && [run.teacher.jobId, run.student.jobId, run.compareJobId].some((id) => {
    const job = find(id);
    return id === 'starting' || (job !== undefined && isJobPending(job));
  });
  const blockers = [
    ...(scene ? [] : ['Open a scene first (or use the synthetic demo scene).']),
    ...(bundles.length < 2 ? ['Two model bundles are needed: a teacher and a student.'] : []),
    ...(teacher && teacher === student ? ['Choose two different models.'] : []),
    ...(problems ?? []),
  ];
  return (
    <Panel title="Teacher and student" testId="pair-panel" defaultOpen={bundles.length > 1}>
      <p className="hint">Map the scene with two models and compare their maps: where does the compact student depart from its teacher?</p>
      {bundles.length > 1 && (
        <div className="pair-fields">
          <BundleSelect label="Teacher (A)" value={teacher} bundles={bundles} onChange={chooseTeacher} testId="pair-teacher" />
          <BundleSelect label="Student (B)" value={student} bundles={bundles} onChange={chooseStudent} testId="pair-student" />
        </div>
      )}
      {blockers.length > 0 && (
        <ul className="problem-list" data-testid="pair-problems">
          {blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      <button type="button" className="secondary-button" data-testid="pair-start" disabled={blockers.length > 0 || problems === null || running}
        onClick={() => void mapTeacherAndStudent()}>
        Map with teacher and student
      </button>
      {run && (
        <ul className="pair-steps" data-testid="pair-steps">
          <Step label="Teacher" job={find(run.teacher.jobId)} />
          <Step label="Student" job={find(run.student.jobId)} />
          <Step label="Comparison" job={find(run.compareJobId)} />
        </ul>
      )}
      {run?.failure && (
        <p className="run-outcome is-failed" data-testid="pair-failed">
          No comparison: {run.failure}
        </p>
      )}
    </Panel>
  );
}
