import type { RunListItem } from '../../../shared/contract';
import { formatPercent } from '../../../shared/measures';
import { formatDate } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import { openRunReport, refreshRuns } from './run-actions';
import { useRuns } from './runs-store';
import { RunStateBadge } from './RunStateBadge';
import '../../ui/list.css';
import './training.css';

function RunRow({ item, active }: { item: RunListItem; active: boolean }) {
  return (
    <li>
      <button type="button" className={active ? 'list-item is-active' : 'list-item'} data-testid="run-item" data-dir={item.dir} data-state={item.state}
        data-oa={item.oa ?? undefined} aria-current={active || undefined} title={item.dir} onClick={() => openRunReport(item.dir)}>
        <span className="item-line">
          <span className="item-name">{item.name}</span>
          <RunStateBadge state={item.state} />
        </span>
        <span className="item-line item-meta">
          <span>
            {formatDate(item.createdAt)} · {item.members === 1 ? '1 model' : `${item.members} members`}
          </span>
          <span className="item-figure">{item.oa !== null ? `OA ${formatPercent(item.oa)}` : '—'}</span>
        </span>
      </button>
    </li>
  );
}

/** The training runs saved in the workspace, newest first; a click opens a run's report. */
export function RunsPanel() {
  const items = useRuns((s) => s.items);
  const reportDir = useRuns((s) => s.reportDir);
  const actions = (
    <button type="button" className="link-button" data-testid="runs-refresh" onClick={() => void refreshRuns()}>
      Refresh
    </button>
  );
  return (
    <Panel title="Runs" actions={actions} testId="runs-panel" summary={items ? `${items.length}` : undefined}>
      {items === null && <p className="hint">Listing the runs…</p>}
      {items?.length === 0 && (
        <p className="hint" data-testid="runs-empty">
          No training runs yet. Each run is kept in your workspace (curves, checkpoints, evaluation and bundles) and listed here.
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="item-list" data-testid="run-list">
          {items.map((item) => (
            <RunRow key={item.dir} item={item} active={item.dir === reportDir} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
