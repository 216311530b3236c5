import { BundlePicker } from './BundlePicker';
import { DeploymentsPanel } from './DeploymentsPanel';
import { DeviceCard } from './DeviceCard';
import { FirmwarePanel } from './FirmwarePanel';
import './deploy.css';

/** The Deploy view's context column: the card first (nothing goes without it), the model, the firmware, the deployments. */
export function DeploySetup() {
  return (
    <aside className="sidebar deploy-setup" aria-label="Deploy to Metis" data-testid="deploy-setup">
      <header className="context-header">
        <h2>Deploy to Metis</h2>
      </header>
      <div className="context-scroll">
        <DeviceCard />
        <BundlePicker />
        <FirmwarePanel />
        <DeploymentsPanel />
      </div>
    </aside>
  );
}
