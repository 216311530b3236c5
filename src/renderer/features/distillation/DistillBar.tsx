import { isJobPending, isResumable } from '../../../shared/contract';
import { useApp } from '../../app/app-state';
import { JobProgress } from '../jobs/JobProgress';
import { useRuns } from '../training/runs-store';
import { useTraining } from '../training/training-store';
import { cancelStep, distillFormOf, resumeDistillation, startDistillation } from './distill-actions';
import { distillParamsOf, studentLabel } from './distill-form';
import { useDistill } from './distill-store';
import '../training/training.css';

/** Distil, and the distillation under way (queued, then training): progress, Cancel, then Resume when it stopped. */
export function DistillBar() {
  const distill = useDistill((s) => s);
  // Subscribed for the data chosen in the Training view, which the form reads.
  useTraining((s) => s);
  const { params, problems } = distillParamsOf(distillFormOf());
  const job = useApp((s) => s.jobs.find((j) => j.id === distill.jobs.distill) ?? null);
  const status = useRuns((s) => (distill.runDir ? s.details[distill.runDir]?.status : undefined));
  const pending = job !== null && isJobPending(job);
  const resumable = !pending && status && isResumable(status.state) && distill.runDir;
  return (
    <section className="run-bar" data-testid="distill-bar" aria-label="Distil">
      {problems.length > 0 && !pending && (
        <ul className="problem-list" data-testid="distill-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="run-actions">
        <button type="button" className="primary-button" data-testid="distill-start" disabled={!params || pending || distill.busy} onClick={() => void startDistillation()}>
          Distil
        </button>
        <span className="distill-start-what" data-testid="distill-start-what">
          into {studentLabel(distill.student)}
        </span>
      </div>
      {job && pending && (
        <div className="run-progress" data-testid="distill-progress" data-job-id={job.id}>
          <JobProgress job={job} />
          <button type="button" className="secondary-button" data-testid="distill-cancel" onClick={() => cancelStep('distill')}>
            Cancel
          </button>
        </div>
      )}
      {job?.state === 'failed' && (
        <p className="run-outcome is-failed" data-testid="distill-outcome" data-state="failed">
          The distillation failed: {job.reason}
        </p>
      )}
      {job?.state === 'cancelled' && (
        <p className="run-outcome" data-testid="distill-outcome" data-state="cancelled">
          Cancelled. {resumable ? 'The epochs already finished are kept, and the teacher’s outputs are cached: Resume continues from them.' : 'No run was made.'}
        </p>
      )}
      {resumable && (
        <button type="button" className="secondary-button" data-testid="distill-resume" disabled={distill.busy} onClick={() => void resumeDistillation(distill.runDir!)}>
          Resume
        </button>
      )}
    </section>
  );
}
