import { anySynthetic } from './compare-data';
import { useCompare } from './compare-store';

/** Over the maps, so nobody takes a comparison of synthetic maps for one of a real city (a screenshot keeps it). */
export function CompareNotice() {
  const comparison = useCompare((s) => s.shown?.comparison ?? null);
  if (!comparison || !anySynthetic(comparison)) return null;
  return (
    <div className="synthetic-notice" data-testid="compare-synthetic-notice" role="note">
      <strong>Synthetic demo data</strong> · not a real city
    </div>
  );
}
