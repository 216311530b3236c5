import { isJobPending, type ComparisonListItem } from '../../../shared/contract';
import { useApp } from '../../app/app-state';
import { formatDate } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { JobProgress } from '../jobs/JobProgress';
import { openCompareDialog, openComparison, refreshComparisons } from './compare-actions';
import { useCompare } from './compare-store';
import '../../ui/list.css';

function ComparisonRow({ item, active }: { item: ComparisonListItem; active: boolean }) {
  return (
    <li>
      <button type="button" className={active ? 'list-item is-active' : 'list-item'} data-testid="comparison-item" data-dir={item.dir}
        aria-current={active || undefined} title={item.dir} onClick={() => void openComparison(item.dir)}>
        <span className="item-line">
          <span className="item-name">
            {item.a} · {item.b}
          </span>
          {item.synthetic && <SyntheticBadge what="maps" />}
        </span>
        <span className="item-line item-meta">
          <span>{formatDate(item.createdAt)}</span>
          <span className="item-figure">agreement {(item.agreement * 100).toFixed(1)} %</span>
        </span>
      </button>
    </li>
  );
}

/** The comparisons saved in the workspace (a click opens one), a new one, and the one being made. */
export function ComparisonsPanel() {
  const list = useCompare((s) => s.list);
  const activeDir = useCompare((s) => s.shown?.dir ?? null);
  const jobId = useCompare((s) => s.jobId);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const actions = (
    <>
      <button type="button" className="link-button" onClick={() => void refreshComparisons()}>
        Refresh
      </button>
      <button type="button" className="link-button" data-testid="compare-new" onClick={openCompareDialog}>
        New comparison…
      </button>
    </>
  );
  return (
    <Panel title="Comparisons" actions={actions} testId="comparisons-panel" summary={list ? `${list.length} saved` : undefined}>
      {job && isJobPending(job) && <JobProgress job={job} testId="compare-progress" />}
      {job?.state === 'failed' && (
        <p className="run-outcome is-failed" data-testid="compare-failed">
          The comparison failed: {job.reason}
        </p>
      )}
      {list?.length === 0 && (
        <p className="hint" data-testid="comparisons-empty">
          No comparisons yet. Compare two mapping results or LCZ maps with <em>New comparison…</em>, or map a scene with a teacher and a student model
          (Mapping tab).
        </p>
      )}
      {list && list.length > 0 && (
        <ul className="item-list" data-testid="comparison-list">
          {list.map((item) => (
            <ComparisonRow key={item.dir} item={item} active={item.dir === activeDir} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
