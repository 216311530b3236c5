import { useApp } from '../../app/app-state';
import type { ResultListItem } from '../../../shared/contract';
import { formatPercent } from '../../../shared/measures';
import { formatDate } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { openCompareDialog } from '../compare/compare-actions';
import { openResult, refreshResults } from './result-actions';
import { useResults } from './results-store';
import '../../ui/list.css';
import './results.css';

function ResultRow({ item, active, opening }: { item: ResultListItem; active: boolean; opening: boolean }) {
  return (
    <li>
      <button type="button" className={active ? 'list-item is-active' : 'list-item'} data-testid="result-item" data-dir={item.dir}
        data-oa={item.oa ?? undefined} aria-current={active || undefined} title={item.dir} onClick={() => void openResult(item.dir, { name: item.name })}>
        <span className="item-line">
          <span className="item-name">{item.name}</span>
          {item.synthetic && <SyntheticBadge what="result" />}
        </span>
        <span className="item-line item-meta">
          <span>{formatDate(item.createdAt)}</span>
          <span className="item-figure">{item.oa !== null ? `OA ${formatPercent(item.oa)}` : 'no truth'}</span>
        </span>
        {opening && <span className="result-opening">Opening…</span>}
      </button>
    </li>
  );
}

/** The mapping results saved in the workspace, newest first; a click opens one. */
export function ResultsListPanel() {
  const items = useResults((s) => s.items);
  const openingDir = useResults((s) => s.openingDir);
  const activeDir = useApp((s) => s.result?.dir ?? null);
  const actions = (
    <>
      <button type="button" className="link-button" data-testid="results-compare" title="Compare two results or LCZ maps: agreement, cross-tabulation, where they differ"
        onClick={openCompareDialog}>
        Compare…
      </button>
      <button type="button" className="link-button" onClick={() => void refreshResults()}>
        Refresh
      </button>
    </>
  );
  return (
    <Panel title="Saved results" actions={actions} testId="results-panel">
      {items === null && <p className="hint">Listing the results…</p>}
      {items?.length === 0 && (
        <p className="hint" data-testid="results-empty">
          No results yet. Map a scene in the Mapping tab: each result is saved in your workspace and listed here.
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="item-list" data-testid="result-list">
          {items.map((item) => (
            <ResultRow key={item.dir} item={item} active={item.dir === activeDir} opening={item.dir === openingDir} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
