import { useEffect, useId, useMemo } from 'react';
import { useApp } from '../../app/app-state';
import type { Classifier } from '../../../shared/contract';
import { loadAreaBundles } from './areas-actions';
import { fineTunableBundles, missingCnnBands, shownBootstrap, type TrainSettings } from './areas-request';
import { areasStore, useAreas } from './areas-store';

/**
 * The classifier and its own settings: the generator's random forest (trees), or a zoo CNN trained on So2Sat-format
 * patches cut from the areas (epochs, and optionally a bundle to fine-tune); the bootstrap runs follow the classifier's
 * default (25 / 3) until the user types a number.
 */
export function ClassifierSettings({ settings }: { settings: TrainSettings }) {
  const classifier = useAreas((s) => s.classifier);
  const trees = useAreas((s) => s.trees);
  const epochs = useAreas((s) => s.epochs);
  const bootstrap = useAreas((s) => shownBootstrap(s));
  const fromBundle = useAreas((s) => s.fromBundle);
  const bundles = useAreas((s) => s.bundles);
  const sceneBands = useApp((s) => s.scene?.settings.bands);
  const missing = useMemo(() => missingCnnBands(sceneBands ?? []), [sceneBands]);
  const usable = useMemo(() => fineTunableBundles(bundles ?? [], sceneBands ?? []), [bundles, sceneBands]);
  const ids = { classifier: useId(), size: useId(), bootstrap: useId(), bundle: useId() };
  const cnn = classifier === 'cnn';

  useEffect(() => {
    if (cnn && bundles === null) void loadAreaBundles();
  }, [cnn, bundles]);

  return (
    <>
      <div className="area-train-choice">
        <label htmlFor={ids.classifier}>Classifier</label>
        <select id={ids.classifier} className="select-input" value={classifier} data-testid="areas-classifier"
          onChange={(e) => areasStore.set({ classifier: e.target.value as Classifier })}>
          <option value="rf">Random forest</option>
          <option value="cnn">CNN</option>
        </select>
      </div>
      <div className="area-train-settings">
        <label htmlFor={ids.size}>{cnn ? 'Epochs' : 'Trees'}</label>
        {cnn ? (
          <input id={ids.size} className="text-input" inputMode="numeric" value={epochs} data-testid="areas-epochs" aria-invalid={!settings.ok}
            onChange={(e) => areasStore.set({ epochs: e.target.value })} />
        ) : (
          <input id={ids.size} className="text-input" inputMode="numeric" value={trees} data-testid="areas-trees" aria-invalid={!settings.ok}
            onChange={(e) => areasStore.set({ trees: e.target.value })} />
        )}
        <label htmlFor={ids.bootstrap}>Bootstrap runs</label>
        <input id={ids.bootstrap} className="text-input" inputMode="numeric" value={bootstrap} data-testid="areas-bootstrap" aria-invalid={!settings.ok}
          onChange={(e) => areasStore.set({ bootstrap: e.target.value })} />
      </div>
      {cnn && (
        <>
          <div className="area-train-choice">
            <label htmlFor={ids.bundle}>Start from</label>
            <select id={ids.bundle} className="select-input" value={fromBundle ?? ''} data-testid="areas-from-bundle"
              onChange={(e) => areasStore.set({ fromBundle: e.target.value || null })}>
              <option value="">Nothing: train from scratch</option>
              {usable.map((b) => (
                <option key={b.dir} value={b.dir}>{b.name}</option>
              ))}
            </select>
          </div>
          <p className="hint" data-testid="areas-cnn-note">
            The CNN learns from 32 x 32 patches of the 10 Sentinel-2 bands cut from the areas
            {bundles && usable.length < bundles.length ? '; only bundles whose bands the scene has can be fine-tuned' : ''}. Each bootstrap run trains a
            CNN anew, so its bootstrap uses few runs ({shownBootstrap({ classifier, bootstrap: null })} by default, not the generator&apos;s 25): read its
            accuracy as a rough one.
          </p>
          {missing.length > 0 && (
            <p className="hint is-invalid" data-testid="areas-cnn-bands">
              This scene lacks {missing.join(', ')}: the CNN needs the 10 Sentinel-2 bands. Use the random forest, or check the scene&apos;s band mapping.
            </p>
          )}
        </>
      )}
    </>
  );
}
