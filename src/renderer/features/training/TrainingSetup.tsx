import { DatasetPanel } from './DatasetPanel';
import { EnsemblePanel } from './EnsemblePanel';
import { RunsPanel } from './RunsPanel';
import { TrainBar } from './TrainBar';
import { TrainSettingsPanel } from './TrainSettingsPanel';
import './training-view.css';

/**
 * The Training view's context column, in the order a lab user goes: the data, the ensemble, the settings, the runs;
 * Train stays at the bottom, in sight.
 */
export function TrainingSetup() {
  return (
    <aside className="sidebar training-setup" aria-label="Training setup" data-testid="training-setup">
      <header className="context-header">
        <h2>Training</h2>
      </header>
      <div className="context-scroll">
        <DatasetPanel />
        <EnsemblePanel />
        <TrainSettingsPanel />
        <RunsPanel />
        <TrainBar />
      </div>
    </aside>
  );
}
