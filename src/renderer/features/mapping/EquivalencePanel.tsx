import { useMemo } from 'react';
import { useApp } from '../../app/app-state';
import { Panel } from '../../ui/Panel';
import { setBandEquivalence } from './mapping-actions';
import { useMapping } from './mapping-store';
import { equivalenceOffer } from './equivalence-offer';
import './mapping.css';

/**
 * Shown when the chosen models need bands the scene's sensor does not have (a Sentinel-2 model, a Landsat scene):
 * the bands that would stand in for them, those with no equivalent, and the choice to accept it. Accepted, the result
 * carries a warning saying so.
 */
export function EquivalencePanel() {
  const scene = useApp((s) => s.scene);
  const bundles = useMapping((s) => s.bundles);
  const selected = useMapping((s) => s.selected);
  const accepted = useMapping((s) => s.bandEquivalence);
  const offer = useMemo(() => {
    if (!scene || !bundles) return null;
    const chosen = bundles.filter((b) => selected.includes(b.dir)).map((b) => b.bands);
    return chosen.length ? equivalenceOffer(scene.settings.bands, chosen) : null;
  }, [scene, bundles, selected]);
  if (!offer) return null;
  return (
    <Panel title="Band equivalence" testId="equivalence-panel" summary={accepted ? 'accepted' : 'not accepted'}>
      <p className="hint equivalence-lead">
        The models were trained on {offer.modelSensor} bands; this scene is {offer.sceneSensor}. Its bands can stand in for theirs by documented
        equivalences (same kind of band; the red edge interpolated by wavelength). The map is then an approximation, and the result says so.
      </p>
      <ul className="equivalence-list" data-testid="equivalence-stand-ins">
        {offer.standIns.map((s) => (
          <li key={s.id} className={s.interpolated ? 'is-interpolated' : undefined}>
            {s.text}
          </li>
        ))}
      </ul>
      {offer.noEquivalent.length > 0 && (
        <p className="equivalence-none" data-testid="equivalence-none">
          No equivalent in this scene for {offer.noEquivalent.join(', ')}: these models cannot map it.
        </p>
      )}
      <label className="option-check">
        <input type="checkbox" checked={accepted} data-testid="equivalence-toggle" disabled={offer.noEquivalent.length > 0}
          onChange={(e) => setBandEquivalence(e.target.checked)} />
        <span>
          <strong>Use equivalent bands</strong>: map this {offer.sceneSensor} scene with the {offer.modelSensor} models, with a warning on the result
        </span>
      </label>
    </Panel>
  );
}
