import { useApp } from '../../app/app-state';
import { chooseFileToOpen } from '../open/open-map';
import { GuideStep } from './GuideStep';
import type { GuideStepState } from './guide-steps';

/** Step 1: a multispectral scene of the city. */
export function SceneStep({ state }: { state: GuideStepState }) {
  const scene = useApp((s) => s.scene);
  const actions = (
    <button type="button" className={state === 'next' ? 'primary-button' : 'secondary-button'} data-testid="guide-open-scene" onClick={() => void chooseFileToOpen()}>
      {scene ? 'Open another scene…' : 'Open a scene…'}
    </button>
  );
  return (
    <GuideStep step="scene" number={1} state={state} title="Open a satellite scene" actions={actions}>
      {scene ? (
        <p>
          Open: <strong title={scene.path}>{scene.name}</strong>
          {scene.synthetic && ' (synthetic demo)'}.
        </p>
      ) : (
        <p>A Sentinel-2 or Landsat GeoTIFF of your city, all bands in one file. Or drop it on the window.</p>
      )}
    </GuideStep>
  );
}
