import { Panel } from '../../ui/Panel';
import { percent, perSecond } from './deploy-format';
import { openReport } from './deploy-actions';
import { useDeploy } from './deploy-store';
import { SimulatedBadge } from './SimulatedNote';

/** The deployments made so far, newest first: open one's report. */
export function DeploymentsPanel() {
  const deployments = useDeploy((s) => s.deployments);
  const open = useDeploy((s) => s.report?.dir ?? null);
  if (deployments.length === 0) return null;
  return (
    <Panel title="Deployments" testId="deployments-panel" summary={`${deployments.length}`}>
      <ul className="item-list" data-testid="deployment-list">
        {deployments.map((d) => (
          <li key={d.dir}>
            <button type="button" className={d.dir === open ? 'list-item is-active' : 'list-item'} data-testid="deployment-item" data-dir={d.dir} title={d.dir}
              onClick={() => void openReport(d.dir)}>
              <span>
                {d.bundleName} {d.simulated && <SimulatedBadge />}
              </span>
              <span className="faint">
                {d.createdAt.slice(0, 16).replace('T', ' ')} · card {percent(d.accuracy)} · {perSecond(d.systemFps)} FPS
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
