import type { JobRecord } from '../../../shared/contract';
import { cancelJob } from './jobs-sync';

const STATE_LABEL: Record<JobRecord['state'], string> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function Progress({ job }: { job: JobRecord }) {
  const progress = job.progress;
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
  return (
    <div className="job-progress">
      <div className={fraction === null ? 'progress-track is-indeterminate' : 'progress-track'} role="progressbar"
        aria-label={`${job.title} progress`} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
        <div className="progress-fill" style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      <span className="job-stage" data-testid="job-stage">
        {progress?.stage ?? 'Starting…'}
        {fraction !== null && ` · ${Math.round(fraction * 100)} %`}
      </span>
    </div>
  );
}

function Outcome({ job }: { job: JobRecord }) {
  switch (job.state) {
    case 'running':
      return <Progress job={job} />;
    case 'succeeded':
      return (
        <ul className="job-outputs" data-testid="job-outputs">
          {job.outputs.map((path) => (
            <li key={path} title={path} data-testid="job-output">
              {path}
            </li>
          ))}
        </ul>
      );
    case 'failed':
      return (
        <p className="job-reason" data-testid="job-reason">
          {job.reason}
        </p>
      );
    case 'cancelled':
      return <p className="job-note">The job was cancelled before it finished.</p>;
  }
}

/** One job: title, state, then progress with a cancel button, or its outcome. */
export function JobRow({ job }: { job: JobRecord }) {
  return (
    <li className={`job job-${job.state}`} data-testid={`job-${job.state}`} data-job-id={job.id}>
      <div className="job-header">
        <span className="job-title" title={job.title}>
          {job.title}
        </span>
        <span className={`job-state job-state-${job.state}`}>{STATE_LABEL[job.state]}</span>
        {job.state === 'running' && (
          <button type="button" className="small-button" data-testid="job-cancel" onClick={() => void cancelJob(job.id)}>
            Cancel
          </button>
        )}
      </div>
      <Outcome job={job} />
    </li>
  );
}
