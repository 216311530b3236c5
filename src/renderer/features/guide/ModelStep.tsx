import { showMapTab } from '../../app/views/view-actions';
import { useMapping } from '../mapping/mapping-store';
import { GuideStep } from './GuideStep';
import type { GuideStepState } from './guide-steps';

/** Step 2: the model that reads the scene, or training areas of one's own city (the Training areas tab). */
export function ModelStep({ state }: { state: GuideStepState }) {
  const selected = useMapping((s) => s.selected);
  const bundles = useMapping((s) => s.bundles);
  const names = selected.map((dir) => bundles?.find((b) => b.dir === dir)?.name ?? dir.split(/[\\/]/).pop());
  const actions = (
    <>
      <button type="button" className={state === 'next' ? 'primary-button' : 'secondary-button'} data-testid="guide-choose-model" onClick={() => showMapTab('mapping')}>
        Choose in the Mapping tab
      </button>
      <button type="button" className="secondary-button" data-testid="guide-training-areas" title="Draw or import areas of each class over the scene, and train a classifier on them"
        onClick={() => showMapTab('areas')}>
        Draw training areas
      </button>
    </>
  );
  return (
    <GuideStep step="model" number={2} state={state} title="Choose a model, or training areas" actions={actions}>
      {selected.length > 0 ? (
        <p>
          {selected.length === 1 ? 'Chosen: ' : `An ensemble of ${selected.length}: `}
          <strong>{names.join(', ')}</strong>.
        </p>
      ) : (
        <p>The model that reads the scene: the demo model, one trained in the Training view, or several as an ensemble.</p>
      )}
    </GuideStep>
  );
}
