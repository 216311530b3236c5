import { Panel } from '../../ui/Panel';
import { useMapping } from '../mapping/mapping-store';
import { useRuns } from '../training/runs-store';
import { toggleTeacher } from './distill-actions';
import { useDistill } from './distill-store';
import '../../ui/list.css';
import './distillation.css';

/** The teacher: a finished training run (its ensemble) or bundles (ours or imported), any mix. */
export function TeacherPanel() {
  const teacher = useDistill((s) => s.teacher);
  const runs = useRuns((s) => s.items);
  const bundles = useMapping((s) => s.bundles);
  const done = runs?.filter((r) => r.state === 'done') ?? [];
  return (
    <Panel title="Teacher" testId="distill-teacher" summary={teacher.length === 0 ? 'none chosen' : `${teacher.length} chosen`}>
      <p className="hint">A training run stands for its ensemble (all its members); bundles may be added or used instead.</p>
      <h4 className="distill-subhead">Training runs</h4>
      {runs === null && <p className="hint">Listing the runs…</p>}
      {runs !== null && done.length === 0 && <p className="hint">No finished training run yet: train a teacher ensemble in the Training view.</p>}
      <ul className="teacher-list">
        {done.map((r) => (
          <li key={r.dir}>
            <label className="teacher-option" title={r.dir}>
              <input type="checkbox" checked={teacher.includes(r.dir)} data-testid="teacher-run" data-dir={r.dir} onChange={() => toggleTeacher(r.dir)} />
              <span className="teacher-name">{r.name}</span>
              <span className="faint">
                {r.members === 1 ? '1 model' : `${r.members} members`}
                {r.oa !== null ? ` · OA ${(r.oa * 100).toFixed(1)} %` : ''}
                {r.distilled ? ' · a student' : ''}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <details className="teacher-bundles">
        <summary>Bundles ({bundles?.length ?? 0})</summary>
        <ul className="teacher-list">
          {bundles?.map((b) => (
            <li key={b.dir}>
              <label className="teacher-option" title={b.dir}>
                <input type="checkbox" checked={teacher.includes(b.dir)} data-testid="teacher-bundle" data-dir={b.dir} onChange={() => toggleTeacher(b.dir)} />
                <span className="teacher-name">{b.name}</span>
                {b.lineage.kind !== 'model' && <span className={`badge badge-lineage is-${b.lineage.kind}`}>{b.lineage.kind}</span>}
              </label>
            </li>
          ))}
        </ul>
      </details>
    </Panel>
  );
}
