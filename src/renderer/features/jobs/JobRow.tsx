import { isJobEnded, type JobRecord } from '../../../shared/contract';
import { cancelJob } from './jobs-sync';
import { JobProgress } from './JobProgress';
import { groupOutputs } from './job-outputs';
import { jobMade, targetFolder } from './job-target';
import { openJobLink } from './open-job-link';
import { placeInLine } from './queue-place';

const STATE_LABEL: Record<JobRecord['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** What the job made, in words, with a button that shows it where the app can (a result on the map, a run in Training). */
function Made({ job }: { job: JobRecord }) {
  const made = jobMade(job);
  if (!made) return null;
  return (
    <p className="job-made" data-testid="job-made" data-target={job.target.type} title={made.path}>
      <span className="job-made-words">{made.words}</span>
      {made.open && (
        <button type="button" className="link-button" data-testid="job-open" onClick={() => openJobLink(made.open!)}>
          {made.open.label}
        </button>
      )}
    </p>
  );
}

function Outcome({ job }: { job: JobRecord }) {
  switch (job.state) {
    case 'queued':
    case 'running':
      return <JobProgress job={job} />;
    case 'succeeded':
      return (
        <ul className="job-outputs" data-testid="job-outputs">
          {groupOutputs(job.outputs).map((group) => (
            <li key={group.folder} title={job.outputs.filter((p) => p.startsWith(group.folder)).join('\n')} data-testid="job-output">
              <span className="job-output-names">{group.names.join(', ')}</span>
              {/* The folder the line above names is not repeated. */}
              {group.folder && group.folder !== targetFolder(job.target) && <span className="job-output-folder">in {group.folder}</span>}
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

/** One job: title, state, then its place in the queue or its progress, with a cancel button, or its outcome. */
export function JobRow({ job }: { job: JobRecord }) {
  return (
    <li className={`job job-${job.state}`} data-testid={`job-${job.state}`} data-job-id={job.id}>
      <div className="job-header">
        <span className="job-title" title={job.title}>
          {job.title}
        </span>
        <span className={`job-state job-state-${job.state}`} data-testid="job-state">
          {STATE_LABEL[job.state]}
          {job.state === 'queued' && ` (${placeInLine(job.position)})`}
        </span>
        {!isJobEnded(job) && (
          <button type="button" className="small-button" data-testid="job-cancel" onClick={() => void cancelJob(job.id)}>
            Cancel
          </button>
        )}
      </div>
      <Made job={job} />
      <Outcome job={job} />
    </li>
  );
}
