import { appStore, useApp } from '../../app/app-state';
import { GuideStep } from './GuideStep';
import type { GuideStepState } from './guide-steps';

/** Step 4: export the map as the product for QGIS. */
export function ExportStep({ state }: { state: GuideStepState }) {
  const mapped = useApp((s) => s.result !== null);
  const actions = (
    <button type="button" className={state === 'next' ? 'primary-button' : 'secondary-button'} data-testid="guide-export" disabled={!mapped}
      onClick={() => appStore.set({ dialog: 'export' })}>
      Export…
    </button>
  );
  return (
    <GuideStep step="export" number={4} state={state} title="Export" actions={actions}>
      <p>A Cloud Optimized GeoTIFF with the LCZ colours, and its QGIS style beside it.</p>
    </GuideStep>
  );
}
