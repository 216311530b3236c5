import { CurvesPane } from '../../features/training/CurvesPane';
import { ReportPane } from '../../features/training/ReportPane';
import { TrainingSetup } from '../../features/training/TrainingSetup';

/**
 * The Training view: the setup (data, ensemble, settings, runs) in the context column, and the full width beside it
 * for the run in focus: its curves and its report side by side.
 */
export function TrainingView() {
  return (
    <div className="view-columns">
      <TrainingSetup />
      <div className="training-main">
        <CurvesPane />
        <ReportPane />
      </div>
    </div>
  );
}
