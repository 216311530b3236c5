import type { JobRecord, RunStatus } from '../../../shared/contract';
import { placeInLine } from '../jobs/queue-place';
import { backendLabel, userBackendLabel } from './backend-label';
import { archInfo, INPUT_SHORT } from './ensemble-members';
import './training.css';

/** Which member and epoch is training, its running loss and accuracy, the speed, and what computes it. */
export function LiveStatus({ job, status }: { job: JobRecord; status: RunStatus | null }) {
  const m = job.progress?.metrics;
  return (
    <div className="live-box">
      {!m || m.member === undefined || m.epoch === undefined ? (
        <p className="live-status" data-testid="live-status">
          {job.state === 'queued' ? `Queued, ${placeInLine(job.position)}: it starts when a running job ends.` : (job.progress?.stage ?? 'Starting…')}
        </p>
      ) : (
        <LiveFigures member={m.member} epoch={m.epoch} metrics={m} status={status} />
      )}
      {status?.backend && (
        <details className="live-backend" data-testid="live-backend">
          <summary>Computed on {userBackendLabel(status.backend)}</summary>
          <p>
            <strong>{backendLabel(status.backend)}</strong> <span className="faint">({status.backend.version})</span>
          </p>
          <ul>
            {status.backend.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

interface FiguresProps {
  member: number;
  epoch: number;
  metrics: Readonly<Record<string, number>>;
  status: RunStatus | null;
}

function LiveFigures({ member, epoch, metrics: m, status }: FiguresProps) {
  const spec = status?.params.members[member - 1];
  const members = status?.params.members.length;
  const epochs = status?.params.epochs;
  return (
    <div className="live-status" data-testid="live-status" data-member={member} data-epoch={epoch}>
      <p className="live-what">
        Member {member}
        {members ? ` of ${members}` : ''}
        {spec ? ` · ${archInfo(spec.arch)?.name ?? spec.arch} · ${INPUT_SHORT[spec.inputs]}` : ''} · epoch {epoch}
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
