import { DatasetPanel } from './DatasetPanel';
import { EnsemblePanel } from './EnsemblePanel';
import { LivePanel } from './LivePanel';
import { RunsPanel } from './RunsPanel';
import { TrainBar } from './TrainBar';
import { TrainSettingsPanel } from './TrainSettingsPanel';

/**
 * Training LCZ models, in the order a lab user goes: the data, the ensemble, the settings, Train; then the runs. A run
 * under way goes on top, where its curves are seen.
 */
export function TrainingTab() {
  return (
    <>
      <LivePanel />
      <DatasetPanel />
      <EnsemblePanel />
      <TrainSettingsPanel />
      <RunsPanel />
      <TrainBar />
    </>
  );
}
