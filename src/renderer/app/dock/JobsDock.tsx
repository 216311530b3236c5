import { JobList } from '../../features/jobs/JobList';
import { CloseIcon } from '../../ui/icons';
import { appStore, useApp } from '../app-state';
import './jobs-dock.css';

/**
 * The jobs of this session in a panel under the views: it takes its room from them and never covers the map. The
 * status bar opens and closes it; a job that starts opens it (dock-sync). Each succeeded job lists what it made.
 */
export function JobsDock() {
  const open = useApp((s) => s.dockOpen);
  const count = useApp((s) => s.jobs.length);
  if (!open) return null;
  return (
    <section className="jobs-dock" aria-label="Jobs dock" data-testid="jobs-dock">
      <button type="button" className="icon-button jobs-dock-close" aria-label="Close the jobs dock" title="Close (the status bar opens it again)"
        data-testid="jobs-dock-close" onClick={() => appStore.set({ dockOpen: false })}>
        <CloseIcon />
      </button>
      {count > 0 ? (
        <JobList />
      ) : (
        <p className="hint jobs-dock-empty">No jobs in this session yet. Exports, mappings and training runs are listed here while they run, with what they made.</p>
      )}
    </section>
  );
}
