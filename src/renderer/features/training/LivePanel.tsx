import { useEffect, useRef } from 'react';
import { useApp } from '../../app/app-state';
import type { JobRecord, RunStatus } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { backendLabel } from './backend-label';
import { archInfo, INPUT_SHORT } from './ensemble-members';
import { openRunReport } from './run-actions';
import { useRuns, type LiveRun } from './runs-store';
import { TrainingCurves } from './TrainingCurves';
import './training.css';

/** The sidebar's inner width. */
const CHART_WIDTH = 320;

/** Which member and epoch is training, its running loss and accuracy, and the speed. */
function LiveStatus({ job, status }: { job: JobRecord; status: RunStatus | null }) {
  const m = job.progress?.metrics;
  if (!m || m.member === undefined || m.epoch === undefined) {
    return (
      <p className="live-status" data-testid="live-status">
        {job.progress?.stage ?? 'Starting…'}
      </p>
    );
  }
  const spec = status?.params.members[m.member - 1];
  const members = status?.params.members.length;
  const epochs = status?.params.epochs;
  return (
    <div className="live-status" data-testid="live-status" data-member={m.member} data-epoch={m.epoch}>
      <p className="live-what">
        Member {m.member}
        {members ? ` of ${members}` : ''}
        {spec ? ` · ${archInfo(spec.arch)?.name ?? spec.arch} · ${INPUT_SHORT[spec.inputs]}` : ''} · epoch {m.epoch}
        {epochs ? ` of ${epochs}` : ''}
      </p>
      <p className="live-figures">
        This epoch so far: loss <strong>{m.loss?.toFixed(3) ?? '—'}</strong> · accuracy <strong>{m.accuracy === undefined ? '—' : `${(m.accuracy * 100).toFixed(1)} %`}</strong>
        {m.samplesPerSecond !== undefined && (
          <>
            {' '}
            · <strong data-testid="live-speed">{Math.round(m.samplesPerSecond).toLocaleString('en-US')}</strong> samples/s
          </>
        )}
      </p>
    </div>
  );
}

/** While a run trains: what runs now and its curves growing epoch by epoch. */
export function LivePanel() {
  const live = useRuns((s) => s.live);
  const details = useRuns((s) => (s.live?.dir ? s.details[s.live.dir] : undefined));
  const job = useApp((s) => (live ? (s.jobs.find((j) => j.id === live.jobId) ?? null) : null));
  const running = live !== null && job?.state === 'running';
  if (!live || !job || !running) return null;
  return <LiveBody live={live} job={job} status={details?.status ?? null} />;
}

function LiveBody({ live, job, status }: { live: LiveRun; job: JobRecord; status: RunStatus | null }) {
  const anchor = useRef<HTMLDivElement>(null);
  // A run that starts (or is found running) is what the user wants to see: bring it into view once.
  // A block body: scrollIntoView returns a promise in recent Chromium, which React would take for a cleanup.
  useEffect(() => {
    anchor.current?.scrollIntoView({ block: 'start' });
  }, [live.jobId]);
  const actions = live.dir ? (
    <button type="button" className="link-button" data-testid="live-open-report" onClick={() => openRunReport(live.dir!)}>
      Open run
    </button>
  ) : undefined;
  return (
    <div ref={anchor}>
      <Panel title="Training now" testId="live-panel" actions={actions}>
        <h2 className="live-run-name">{status?.name ?? job.title}</h2>
        <LiveStatus job={job} status={status} />
        {status?.backend && (
          <details className="live-backend" data-testid="live-backend">
            <summary>
              Computed with <strong>{backendLabel(status.backend)}</strong>
            </summary>
            <p className="faint">{status.backend.version}</p>
            <ul>
              {status.backend.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </details>
        )}
        {status ? (
          <TrainingCurves members={status.members} samples={live.samples} epochs={status.params.epochs} width={CHART_WIDTH} height={150} layout="stack"
            testIdPrefix="live-curves" />
        ) : (
          <p className="hint">The curves appear once the run has started.</p>
        )}
      </Panel>
    </div>
  );
}
