import { useApp } from '../../app/app-state';
import { isJobPending } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { loadDeployBundles, selectDeployBundle, setCalibration, startDeploy } from './deploy-actions';
import { bytes, cardState, studentBadges } from './deploy-format';
import { chosenCalibration, useDeploy } from './deploy-store';

/** The bundles to deploy, students first (distilled, int8, pruned), the calibration data, and "Deploy to Metis". */
export function BundlePicker() {
  const bundles = useDeploy((s) => s.bundles);
  const selected = useDeploy((s) => s.selected);
  const plan = useDeploy((s) => s.plan);
  const calibration = useDeploy((s) => s.calibration);
  const status = useDeploy((s) => s.status);
  const busy = useDeploy((s) => s.busy);
  const jobId = useDeploy((s) => s.jobId);
  const pending = useApp((s) => s.jobs.some((j) => j.id === jobId && isJobPending(j)));
  const chosen = chosenCalibration(plan, calibration);
  const blocked = status && cardState(status) !== 'ready' ? 'The card is not ready: see the Metis card above.' : null;
  const why = !status ? 'Looking for the card…' : blocked ?? chosen.problem ?? (!plan && selected ? 'Planning…' : null);
  const actions = (
    <button type="button" className="link-button" onClick={() => void loadDeployBundles()}>
      Refresh
    </button>
  );
  return (
    <Panel title="Model" actions={actions} testId="deploy-bundles">
      {bundles === null && <p className="hint">Listing the model bundles…</p>}
      {bundles && bundles.length === 0 && <p className="hint">No model bundles: train or import one first.</p>}
      {bundles && bundles.length > 0 && (
        <ul className="item-list deploy-bundle-list" data-testid="deploy-bundle-list">
          {bundles.map((b) => (
            <li key={b.dir}>
              <button type="button" className={b.dir === selected ? 'list-item is-active' : 'list-item'} data-testid="deploy-bundle" data-dir={b.dir}
                aria-pressed={b.dir === selected} title={b.dir} onClick={() => void selectDeployBundle(b.dir)}>
                <span className="deploy-bundle-name">
                  {b.name}{' '}
                  {studentBadges(b).map((badge) => (
                    <span key={badge} className="badge badge-info" data-testid="student-badge">
                      {badge}
                    </span>
                  ))}
                  {b.demo && <span className="badge badge-demo">demo</span>}
                </span>
                <span className="faint">
                  {bytes(b.sizeBytes)}
                  {b.deployments.length > 0 && ` · deployed ${b.deployments.length} time${b.deployments.length === 1 ? '' : 's'}`}
                  {b.int8Child && ` · int8: ${b.int8Child.name}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {plan?.note && (
        <p className="hint" data-testid="deploy-plan-note">
          {plan.note}
        </p>
      )}
      {plan && (
        <div className="deploy-calibration">
          <label htmlFor="deploy-calibration">Calibration and verification data</label>
          <select id="deploy-calibration" className="select-input" data-testid="deploy-calibration"
            value={calibration.kind === 'path' ? 'path' : String(calibration.index)}
            onChange={(e) => setCalibration(e.target.value === 'path' ? { kind: 'path', path: '' } : { kind: 'at-hand', index: Number(e.target.value) })}>
            {plan.calibration.map((c, i) => (
              <option key={c.source.path} value={String(i)}>
                {c.label}
              </option>
            ))}
            <option value="path">Another file (a So2Sat .h5 or a scene .tif)…</option>
          </select>
          {calibration.kind === 'path' && (
            <input className="text-input" data-testid="deploy-calibration-path" placeholder="/path/to/data.h5 or scene.tif" value={calibration.path}
              onChange={(e) => setCalibration({ kind: 'path', path: e.target.value })} />
          )}
          <p className="hint">
            100-400 patches calibrate the compiler's int8 ranges; others verify the card against the CPU. Written to <code>{plan.out}</code>.
          </p>
        </div>
      )}
      <div className="run-actions">
        <button type="button" className="primary-button" data-testid="deploy-start" disabled={Boolean(why) || !plan || busy || pending} onClick={() => void startDeploy()}>
          Deploy to Metis
        </button>
        {why && !pending && <span className="hint" data-testid="deploy-blocked">{why}</span>}
      </div>
    </Panel>
  );
}
