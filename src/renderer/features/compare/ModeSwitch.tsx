import type { CompareMode } from '../../map/compare-map-view';
import { setCompareMode } from './compare-actions';
import { useCompare } from './compare-store';

const MODES: readonly { key: CompareMode; label: string; title: string }[] = [
  { key: 'swipe', label: 'Swipe', title: 'Both maps in one view: A left of the divider, B right of it; drag the divider' },
  { key: 'side-by-side', label: 'Side by side', title: 'Two views that pan and zoom together, with a linked cursor' },
  { key: 'difference', label: 'Difference', title: 'Where B departs from A: agreement faded, each class pair in its colour' },
];

/** How the two maps are shown. */
export function ModeSwitch() {
  const mode = useCompare((s) => s.mode);
  return (
    <div className="mode-switch floating-card" role="radiogroup" aria-label="How to show the two maps" data-testid="compare-mode">
      {MODES.map((m) => (
        <button key={m.key} type="button" role="radio" aria-checked={mode === m.key} className={mode === m.key ? 'mode-button is-on' : 'mode-button'}
          data-testid={`compare-mode-${m.key}`} title={m.title} onClick={() => setCompareMode(m.key)}>
          {m.label}
        </button>
      ))}
    </div>
  );
}
