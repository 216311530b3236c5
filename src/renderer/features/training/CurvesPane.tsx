import type { PendingJobRecord } from '../../../shared/contract';
import { useRuns } from './runs-store';
import { openRunReport } from './run-actions';
import { LiveStatus } from './LiveStatus';
import { TrainingCurves } from './TrainingCurves';
import { useRunFocus } from './use-run-focus';
import { useElementWidth } from '../../ui/use-element-width';
import './training-view.css';

/** Past this width the loss and accuracy charts go side by side. */
const ROW_WIDTH = 760;

function Charts({ dir, live, width }: { dir: string; live: boolean; width: number }) {
  const details = useRuns((s) => s.details[dir]);
  const samples = useRuns((s) => (live && s.live ? s.live.samples : null));
  if (!details) return <p className="hint">Reading the run…</p>;
  const { status } = details;
  const row = width >= ROW_WIDTH;
  return (
    <TrainingCurves members={status.members} samples={samples ?? []} epochs={status.params.epochs} width={row ? Math.floor((width - 16) / 2) : width}
      height={row ? 280 : 220} layout={row ? 'row' : 'stack'} testIdPrefix="run-curves" />
  );
}

/** A run trains (or waits in the queue to) while another is in focus: say so, one click from it. */
function OtherRunTraining({ job, dir }: { job: PendingJobRecord; dir: string | null }) {
  return (
    <p className="pane-note" data-testid="other-run-training" data-state={job.state}>
      {job.state === 'queued' ? 'Queued to train' : 'Training now'}: {job.title}.{' '}
      {dir && (
        <button type="button" className="link-button" data-testid="live-open-report" onClick={() => openRunReport(dir)}>
          Show it
        </button>
      )}
    </p>
  );
}

/** The curves of the run in focus, loss and accuracy per epoch of each member; live while it trains. */
export function CurvesPane() {
  const { dir, liveJob, liveDir, isLive } = useRunFocus();
  const status = useRuns((s) => (dir ? s.details[dir]?.status : undefined));
  const [body, width] = useElementWidth<HTMLDivElement>();
  return (
    <section className="training-pane curves-pane" aria-label="Training curves" data-testid="curves-pane" data-dir={dir ?? undefined} data-live={isLive}>
      <header className="pane-header">
        <h2>Training curves</h2>
        {status && <span className="pane-sub">{status.name}</span>}
      </header>
      <div className="pane-body" ref={body}>
        {liveJob && !isLive && dir !== null && <OtherRunTraining job={liveJob} dir={liveDir} />}
        {liveJob && (isLive || dir === null) && <LiveStatus job={liveJob} status={status ?? null} />}
        {dir !== null && width > 0 && <Charts dir={dir} live={isLive} width={width} />}
        {dir === null && liveJob && <p className="hint">The curves appear once the run has started.</p>}
        {dir === null && !liveJob && (
          <p className="pane-empty" data-testid="curves-empty">
            No run in focus. Set up the data and the ensemble on the left and press Train, or choose a run under Runs: its curves show here, its report
            beside them.
          </p>
        )}
      </div>
    </section>
  );
}
