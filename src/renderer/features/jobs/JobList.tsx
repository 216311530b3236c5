import { useState } from 'react';
import { isJobEnded } from '../../../shared/contract';
import { useApp } from '../../app/app-state';
import { JobRow } from './JobRow';
import { clearFinishedJobs } from './jobs-sync';
import './jobs.css';

/** The jobs of this session, the body of the jobs dock (app/dock); nothing until the first job starts. */
export function JobList() {
  const jobs = useApp((s) => s.jobs);
  const [collapsed, setCollapsed] = useState(false);
  if (jobs.length === 0) return null;
  const running = jobs.filter((j) => j.state === 'running').length;
  const queued = jobs.filter((j) => j.state === 'queued').length;
  return (
    <section className="job-dock" aria-label="Jobs">
      <header className="job-dock-header">
        <button type="button" className="panel-toggle" aria-expanded={!collapsed} onClick={() => setCollapsed(!collapsed)}>
          <span className={collapsed ? 'chevron' : 'chevron is-open'} aria-hidden="true" />
          <h3>
            Jobs {running > 0 && <span className="job-count">{running} running</span>}
            {queued > 0 && <span className="job-count" data-testid="jobs-queued">{queued} queued</span>}
          </h3>
        </button>
        {jobs.some(isJobEnded) && (
          <button type="button" className="link-button" data-testid="jobs-clear" onClick={clearFinishedJobs}>
            Clear finished
          </button>
        )}
      </header>
      <ul className="job-list" data-testid="job-list" hidden={collapsed}>
        {jobs.map((job) => (
          <JobRow key={job.id} job={job} />
        ))}
      </ul>
    </section>
  );
}
