import { appStore, useApp } from '../../app/app-state';
import { isJobPending, type JobRecord } from '../../../shared/contract';
import { JobProgress } from '../jobs/JobProgress';
import { cancelMapping, startMapping } from './mapping-actions';
import { useMapping } from './mapping-store';
import { useMapReadiness } from './use-map-readiness';
import './mapping.css';

function Outcome({ job }: { job: JobRecord }) {
  switch (job.state) {
    case 'queued':
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

/** The Map button, what stops it, and the run: its place in the queue or its progress, patches per second, Cancel, then the outcome. */
export function RunPanel() {
  const scene = useApp((s) => s.scene);
  const selected = useMapping((s) => s.selected);
  const jobId = useMapping((s) => s.jobId);
  const jobScene = useMapping((s) => s.jobScene);
  const busy = useMapping((s) => s.busy);
  // The job started here, else one still pending in the core (started before a reload): queued counts, it has not ended.
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? s.jobs.find((j) => j.target.type === 'result' && isJobPending(j)) ?? null);
  const pending = job !== null && isJobPending(job);
  const { blockers, checking } = useMapReadiness();
  const onCard = useMapping((s) => s.device !== null && s.selected.length === 1);
  const label = selected.length > 1 ? `Map with an ensemble of ${selected.length}` : onCard ? 'Map on the Metis card' : 'Map';

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
        <button type="button" className="primary-button" data-testid="mapping-start" disabled={blockers.length > 0 || checking || pending || busy}
          onClick={() => void startMapping()}>
          {label}
        </button>
        {checking && <span className="hint run-checking">Checking the scene against the models…</span>}
        {scene?.truthPath && !pending && <span className="hint run-checking">Accuracy against the truth map included.</span>}
      </div>
      {job && pending && (
        <div className="run-progress" data-testid="mapping-progress" data-job-id={job.id} data-state={job.state}>
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
