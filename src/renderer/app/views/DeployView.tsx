import { useEffect } from 'react';
import { DeployMain } from '../../features/deploy/DeployMain';
import { DeploySetup } from '../../features/deploy/DeploySetup';
import { startDeploySync } from '../../features/deploy/deploy-sync';
import { useApp } from '../app-state';

/**
 * The Deploy view: the card, the model and the firmware in the context column; the deploy's steps and its report
 * across the rest. The card is looked for the first time the view is shown (discovery runs the vendor's tools).
 */
export function DeployView() {
  const shown = useApp((s) => s.view === 'deploy');
  useEffect(() => {
    if (shown) startDeploySync();
  }, [shown]);
  return (
    <div className="view-columns">
      <DeploySetup />
      <DeployMain />
    </div>
  );
}
