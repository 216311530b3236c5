import { useApp } from './app-state';

/** Over the map, so nobody mistakes the demo city for a real one (a screenshot keeps the notice). */
export function SyntheticNotice() {
  const synthetic = useApp((s) => s.map?.synthetic ?? false);
  if (!synthetic) return null;
  return (
    <div className="synthetic-notice" data-testid="synthetic-notice" role="note">
      <strong>Synthetic demo city</strong> · not real data
    </div>
  );
}
