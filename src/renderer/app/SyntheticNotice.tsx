import { useApp } from './app-state';

/** Over the map, so nobody mistakes synthetic data for a real city (a screenshot keeps the notice). */
export function SyntheticNotice() {
  const mapShown = useApp((s) => (s.map?.synthetic ?? false) && s.lczVisible);
  const sceneShown = useApp((s) => (s.scene?.synthetic ?? false) && s.sceneVisible);
  const isResult = useApp((s) => s.result !== null);
  if (!mapShown && !sceneShown) return null;
  let what = 'Synthetic demo city';
  if (mapShown && isResult) what = 'Mapped from a synthetic demo scene';
  else if (!mapShown) what = 'Synthetic demo scene';
  return (
    <div className="synthetic-notice" data-testid="synthetic-notice" role="note">
      <strong>{what}</strong> · not real data
    </div>
  );
}
