import { appStore, useApp } from '../../app/app-state';
import { JobsIcon } from '../../ui/icons';
import { jobsSummary } from './jobs-summary';

/** The status bar's jobs count; a click opens or closes the jobs dock. */
export function JobsStatus() {
  const jobs = useApp((s) => s.jobs);
  const open = useApp((s) => s.dockOpen);
  const { running, label } = jobsSummary(jobs);
  return (
    <button type="button" className={running > 0 ? 'status-button is-busy' : 'status-button'} data-testid="jobs-status" data-running={running}
      aria-expanded={open} title={open ? 'Close the jobs dock' : 'Open the jobs dock'} onClick={() => appStore.set({ dockOpen: !open })}>
      <JobsIcon />
      {label}
    </button>
  );
}
