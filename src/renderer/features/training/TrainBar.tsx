import { useMemo } from 'react';
import { useApp } from '../../app/app-state';
import { isJobPending, type JobRecord } from '../../../shared/contract';
import { JobProgress } from '../jobs/JobProgress';
import { runDirOf, runLeftBy } from '../jobs/job-target';
import { paramsOfState } from './form-state';
import { cancelTraining, openRunReport, resumeRun, startTraining } from './run-actions';
import { useRuns } from './runs-store';
import { useTraining } from './training-store';
import '../mapping/mapping.css';
import './training.css';

function Outcome({ job, dir }: { job: JobRecord; dir: string | null }) {
  const busy = useTraining((s) => s.busy);
  const open = dir && (
    <button type="button" className="link-button" data-testid="train-open-report" onClick={() => openRunReport(dir)}>
      Open the results
    </button>
  );
  const resume = dir && (
    <button type="button" className="secondary-button small-resume" data-testid="train-resume" disabled={busy} onClick={() => void resumeRun(dir)}>
      Resume
    </button>
  );
  switch (job.state) {
    case 'queued':
    case 'running':
      return null;
    case 'succeeded':
      return (
        <p className="run-outcome is-done" data-testid="train-outcome" data-state="succeeded" data-job-id={job.id}>
          Trained and evaluated; the bundles are among the models of the Mapping tab. {open}
        </p>
      );
    case 'failed':
      return (
        <div className="run-outcome is-failed" data-testid="train-outcome" data-state="failed" data-job-id={job.id}>
          <p>Training failed: {job.reason}</p>
          <p className="outcome-actions">
            {resume} {open}
          </p>
        </div>
      );
    case 'cancelled':
      return (
        <div className="run-outcome" data-testid="train-outcome" data-state="cancelled" data-job-id={job.id}>
          <p>{dir ? 'Cancelled. The epochs already finished are kept: Resume continues from them.' : 'Cancelled before it started: no run was made.'}</p>
          <p className="outcome-actions">
            {resume} {open}
          </p>
        </div>
      );
  }
}

/** Start, and the run under way (queued, then training): progress, Cancel, then how it ended with Resume or the results. */
export function TrainBar() {
  const state = useTraining((s) => s);
  const { params, problems } = useMemo(() => paramsOfState(state), [state]);
  const live = useRuns((s) => s.live);
  const job = useApp((s) => (live ? (s.jobs.find((j) => j.id === live.jobId) ?? null) : null));
  const otherPending = useApp((s) => s.jobs.some((j) => runDirOf(j) !== null && isJobPending(j) && j.id !== live?.jobId));
  const pending = job !== null && isJobPending(job);
  const n = state.members.length;
  const label = n > 1 ? `Train an ensemble of ${n}` : 'Train 1 model';
  const blockers = otherPending ? [...problems, 'Another training run is under way or queued: wait for it or cancel it.'] : problems;
  return (
    <section className="run-bar" data-testid="train-bar" aria-label="Train">
      {blockers.length > 0 && !pending && (
        <ul className="problem-list" data-testid="train-problems">
          {blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      <div className="run-actions">
        <button type="button" className="primary-button" data-testid="train-start" disabled={!params || blockers.length > 0 || pending || state.busy}
          onClick={() => void startTraining()}>
          {label}
        </button>
        {params && !pending && (
          <span className="hint run-checking">
            {params.epochs} epoch{params.epochs === 1 ? '' : 's'} per member{params.maxPatches ? `, at most ${params.maxPatches.toLocaleString('en-US')} patches` : ''}
          </span>
        )}
      </div>
      {job && pending && (
        <div className="run-progress" data-testid="train-progress" data-job-id={job.id}>
          <JobProgress job={job} />
          <button type="button" className="secondary-button" data-testid="train-cancel" onClick={() => cancelTraining(job.id)}>
            Cancel
          </button>
        </div>
      )}
      {job && <Outcome job={job} dir={runLeftBy(job)} />}
    </section>
  );
}
