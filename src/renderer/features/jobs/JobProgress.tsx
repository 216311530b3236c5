import type { JobRecord } from '../../../shared/contract';
import { placeInLine } from './queue-place';
import './jobs.css';

/** Done / total of a job, 0-1, or null while it cannot say (indeterminate). */
export function jobFraction(job: JobRecord): number | null {
  const progress = job.progress;
  return progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;
}

/**
 * A pending job's progress: a queued job's place in line (it has no process yet), a running job's bar with its stage,
 * percent and live figures (patches per second).
 */
export function JobProgress({ job, testId }: { job: JobRecord; testId?: string }) {
  if (job.state === 'queued') {
    return (
      <div className="job-progress" data-testid={testId} data-state="queued">
        <span className="job-stage" data-testid="job-stage">
          Queued, {placeInLine(job.position)}: it starts when a running job ends (only a few heavy jobs run at once).
        </span>
      </div>
    );
  }
  const fraction = jobFraction(job);
  const rate = job.progress?.metrics?.patchesPerSecond;
  // Training reports samples (patches) per second of its current epoch.
  const samples = job.progress?.metrics?.samplesPerSecond;
  return (
    <div className="job-progress" data-testid={testId}>
      <div className={fraction === null ? 'progress-track is-indeterminate' : 'progress-track'} role="progressbar"
        aria-label={`${job.title} progress`} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
        <div className="progress-fill" style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
      </div>
      <span className="job-stage" data-testid="job-stage">
        {job.progress?.stage ?? 'Starting…'}
        {fraction !== null && ` · ${Math.round(fraction * 100)} %`}
        {rate !== undefined && rate > 0 && ` · ${Math.round(rate).toLocaleString('en-US')} patches/s`}
        {samples !== undefined && samples > 0 && ` · ${Math.round(samples).toLocaleString('en-US')} samples/s`}
      </span>
    </div>
  );
}
