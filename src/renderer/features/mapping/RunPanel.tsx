import { appStore, useApp } from '../../app/app-state';
import type { JobRecord } from '../../../shared/contract';
import { JobProgress } from '../jobs/JobProgress';
import { cancelMapping, startMapping } from './mapping-actions';
import { useMapping } from './mapping-store';
import { useMapReadiness } from './use-map-readiness';
import './mapping.css';

function Outcome({ job }: { job: JobRecord }) {
  switch (job.state) {
    case 'running':
      return null;
    case 'succeeded':
      return (
        <p className="run-outcome is-done" data-testid="mapping-outcome" data-state="succeeded" data-job-id={job.id}>
          Mapped: the result is on the map and saved in the workspace.{' '}
          <button type="button" className="link-button" onClick={() => appStore.set({ tab: 'results' })}>
            Accuracy and details
          </button>
        </p>
      );
    case 'failed':
      return (
        <p className="run-outcome is-failed" data-testid="mapping-outcome" data-state="failed" data-job-id={job.id}>
          Mapping failed: {job.reason}
        </p>
      );
    case 'cancelled':
      return (
        <p className="run-outcome" data-testid="mapping-outcome" data-state="cancelled" data-job-id={job.id}>
          Mapping cancelled: no result was saved.
        </p>
      );
  }
}

/** The Map button, what stops it, and the run: progress, patches per second, Cancel, then the outcome. */
export function RunPanel() {
  const scene = useApp((s) => s.scene);
  const selected = useMapping((s) => s.selected);
  const jobId = useMapping((s) => s.jobId);
  const jobScene = useMapping((s) => s.jobScene);
  const busy = useMapping((s) => s.busy);
  // The job started here, else one still running in the core (started before a reload).
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? s.jobs.find((j) => j.kind === 'map' && j.state === 'running') ?? null);
  const running = job?.state === 'running';
  const { blockers, checking } = useMapReadiness();
  const label = selected.length > 1 ? `Map with an ensemble of ${selected.length}` : 'Map';

  // Not a folding panel: a bar kept at the bottom of the tab, so Map and the progress stay in sight while scrolling.
  return (
    <section className="run-bar" data-testid="run-panel" aria-label="Run the mapping">
      {blockers.length > 0 && (
        <ul className="problem-list" data-testid="mapping-problems">
          {blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      <div className="run-actions">
        <button type="button" className="primary-button" data-testid="mapping-start" disabled={blockers.length > 0 || checking || running || busy}
          onClick={() => void startMapping()}>
          {label}
        </button>
        {checking && <span className="hint run-checking">Checking the scene against the models…</span>}
        {scene?.truthPath && !running && <span className="hint run-checking">Accuracy against the truth map included.</span>}
      </div>
      {job && running && (
        <div className="run-progress" data-testid="mapping-progress" data-job-id={job.id}>
          <JobProgress job={job} />
          <button type="button" className="secondary-button" data-testid="mapping-cancel" onClick={() => cancelMapping(job.id)}>
            Cancel
          </button>
        </div>
      )}
      {/* How the last run ended, while its scene is the one open. */}
      {job && (job.id !== jobId || jobScene === scene?.path) && <Outcome job={job} />}
    </section>
  );
}
