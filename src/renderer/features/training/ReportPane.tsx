import type { PendingJobRecord } from '../../../shared/contract';
import { RunReport } from '../run-report/RunReport';
import { useRuns } from './runs-store';
import { useRunFocus } from './use-run-focus';
import './training-view.css';

function Waiting({ job }: { job: PendingJobRecord | null }) {
  return job ? (
    <p className="pane-empty" data-testid="report-waiting" data-state={job.state}>
      {job.state === 'queued' ? 'The run waits in the queue until a running job ends' : 'The run is starting'}: its report shows here as it trains, its
      scores, confusion matrix and calibration once it ends.
    </p>
  ) : (
    <p className="pane-empty" data-testid="report-empty">
      Choose a run under Runs to read its report: the scores of each member and of the ensemble, the scores per class, the confusion matrix and
      the calibration.
    </p>
  );
}

/** The report of the run in focus (the one opened, else the one training now), beside its curves. */
export function ReportPane() {
  const { dir, liveJob } = useRunFocus();
  const opened = useRuns((s) => s.reportDir !== null);
  return (
    <section className="training-pane report-pane" aria-label="Run report" data-testid="report-pane">
      {dir ? (
        <RunReport key={dir} dir={dir} opened={opened} />
      ) : (
        <>
          <header className="pane-header">
            <h2>Run report</h2>
          </header>
          <div className="pane-body">
            <Waiting job={liveJob} />
          </div>
        </>
      )}
    </section>
  );
}
