import { useApp } from '../../app/app-state';
import { honestyFlags } from './honesty-flags';
import './results.css';

/**
 * Over the map while a result is shown: what a reader must know before trusting it (a synthetic-trained model, bands
 * by equivalence, mostly unsure, poor recorded accuracy), so a screenshot keeps it. The sentences are in its card.
 */
export function HonestyBadge() {
  const result = useApp((s) => (s.lczVisible ? s.result : null));
  if (!result) return null;
  const flags = honestyFlags(result.summary);
  if (flags.length === 0) return null;
  return (
    <div className={result.summary.synthetic ? 'honesty-badge is-below' : 'honesty-badge'} data-testid="honesty-badge" role="note"
      title={result.summary.warnings.join('\n')}>
      {flags.map((f) => (
        <span key={f.key} className="honesty-flag" data-testid={`honesty-flag-${f.key}`}>
          {f.label}
        </span>
      ))}
    </div>
  );
}
