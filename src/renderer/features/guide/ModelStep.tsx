import { showMapTab } from '../../app/views/view-actions';
import { useMapping } from '../mapping/mapping-store';
import { GuideStep } from './GuideStep';
import type { GuideStepState } from './guide-steps';

/** Step 2: the model that reads the scene (training areas of one's own city are not built yet: said so). */
export function ModelStep({ state }: { state: GuideStepState }) {
  const selected = useMapping((s) => s.selected);
  const bundles = useMapping((s) => s.bundles);
  const names = selected.map((dir) => bundles?.find((b) => b.dir === dir)?.name ?? dir.split(/[\\/]/).pop());
  const actions = (
    <>
      <button type="button" className={state === 'next' ? 'primary-button' : 'secondary-button'} data-testid="guide-choose-model" onClick={() => showMapTab('mapping')}>
        Choose in the Mapping tab
      </button>
      <button type="button" className="secondary-button" disabled title="Drawing training areas of your own city is coming: it is not built yet.">
        Training areas (coming)
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
