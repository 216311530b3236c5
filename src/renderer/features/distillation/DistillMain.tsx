import { ComparisonReport } from './ComparisonReport';
import { CompressPane } from './CompressPanel';
import { DistillCurvesPane } from './DistillCurvesPane';
import '../training/training-view.css';
import './distillation.css';

/** The run in focus across the rest of the width: the student's curves, then compression and the comparison report. */
export function DistillMain() {
  return (
    <div className="training-main distill-main">
      <DistillCurvesPane />
      <div className="training-pane distill-right">
        <CompressPane />
        <div className="pane-body">
          <ComparisonReport />
        </div>
      </div>
    </div>
  );
}
