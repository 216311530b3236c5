import { formatDate } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import { RunStateBadge } from '../training/RunStateBadge';
import { refreshRuns } from '../training/run-actions';
import { useRuns } from '../training/runs-store';
import { focusRun } from './distill-actions';
import { useDistill } from './distill-store';
import '../../ui/list.css';

/** The distillation runs of the workspace, newest first: a click puts one in focus (curves, compression, report). */
export function DistillRunsPanel() {
  const items = useRuns((s) => s.items);
  const focus = useDistill((s) => s.runDir);
  const runs = items?.filter((r) => r.distilled) ?? [];
  const actions = (
    <button type="button" className="link-button" onClick={() => void refreshRuns()}>
      Refresh
    </button>
  );
  return (
    <Panel title="Distillations" actions={actions} testId="distill-runs" summary={`${runs.length}`}>
      {runs.length === 0 && <p className="hint">No distillation yet. Each is a training run of its own, kept in your workspace.</p>}
      <ul className="item-list">
        {runs.map((r) => (
          <li key={r.dir}>
            <button type="button" className={r.dir === focus ? 'list-item is-active' : 'list-item'} data-testid="distill-run" data-dir={r.dir} data-state={r.state}
              aria-current={r.dir === focus || undefined} title={r.dir} onClick={() => focusRun(r.dir)}>
              <span className="item-line">
                <span className="item-name">{r.name}</span>
                <RunStateBadge state={r.state} />
              </span>
              <span className="item-line item-meta">
                <span>{formatDate(r.createdAt)}</span>
                <span className="item-figure">{r.oa !== null ? `OA ${(r.oa * 100).toFixed(1)} %` : '—'}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
