import { useApp } from '../../app/app-state';
import { isJobPending, type JobRecord } from '../../../shared/contract';
import { JobProgress } from '../jobs/JobProgress';
import { cancelTraining, trainAndMap } from './areas-actions';
import { missingCnnBands, parseTrainSettings } from './areas-request';
import { ClassifierSettings } from './ClassifierSettings';
import { useAreas } from './areas-store';

function Outcome({ job }: { job: JobRecord }) {
  if (job.state === 'succeeded') return <p className="run-outcome is-done" data-testid="areas-outcome" data-state="succeeded">Mapped: the map is open and kept in Results.</p>;
  if (job.state === 'failed') return <p className="run-outcome is-failed" data-testid="areas-outcome" data-state="failed">Training failed: {job.reason}</p>;
  if (job.state === 'cancelled') return <p className="run-outcome" data-testid="areas-outcome" data-state="cancelled">Cancelled: no map was saved.</p>;
  return null;
}

/**
 * Train and map: a random forest or a CNN on the areas (ClassifierSettings.tsx), its bootstrap assessment and the
 * map of the scene, as one job with progress and Cancel. Kept at the bottom of the tab, like the Map button.
 */
export function TrainMapBar() {
  const classifier = useAreas((s) => s.classifier);
  const trees = useAreas((s) => s.trees);
  const epochs = useAreas((s) => s.epochs);
  const bootstrap = useAreas((s) => s.bootstrap);
  const fromBundle = useAreas((s) => s.fromBundle);
  const jobId = useAreas((s) => s.jobId);
  const busy = useAreas((s) => s.busy);
  const canTrain = useAreas((s) => s.check?.canTrain ?? false);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const lacksBands = useApp((s) => missingCnnBands(s.scene?.settings.bands ?? []).length > 0);
  const pending = job !== null && isJobPending(job);
  const settings = parseTrainSettings({ classifier, trees, epochs, bootstrap, fromBundle });
  const cnnCannot = settings.ok && settings.classifier === 'cnn' && lacksBands;
  return (
    <section className="run-bar" data-testid="areas-run" aria-label="Train and map">
      <ClassifierSettings settings={settings} />
      {!settings.ok && <p className="hint is-invalid">{settings.message}</p>}
      <div className="run-actions">
        <button type="button" className="primary-button" data-testid="areas-train" disabled={!settings.ok || cnnCannot || !canTrain || pending || busy} onClick={() => void trainAndMap()}>
          Train and map
        </button>
        <span className="hint run-checking">0 bootstrap runs maps at once, without an accuracy assessment.</span>
      </div>
      {job && pending && (
        <div className="run-progress" data-testid="areas-progress" data-state={job.state}>
          <JobProgress job={job} />
          <button type="button" className="secondary-button" data-testid="areas-cancel" onClick={() => cancelTraining(job.id)}>
            Cancel
          </button>
        </div>
      )}
      {job && <Outcome job={job} />}
    </section>
  );
}
