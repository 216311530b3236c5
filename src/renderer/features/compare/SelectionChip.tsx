import { lczClass } from '../../../shared/lcz-classes';
import { toggleSelection } from './compare-actions';
import { useCompare } from './compare-store';

/** Which cells are highlighted (a cross-tab cell or a legend row was clicked), how many, and a way to clear them. */
export function SelectionChip() {
  const selection = useCompare((s) => s.selection);
  const comparison = useCompare((s) => s.shown?.comparison ?? null);
  if (!selection || !comparison) return null;
  const a = lczClass(selection.a)!;
  const b = lczClass(selection.b)!;
  const cells = comparison.crossTab[selection.a - 1]![selection.b - 1]!;
  const what = selection.a === selection.b ? `LCZ ${a.code} in both maps` : `LCZ ${a.code} in A, LCZ ${b.code} in B`;
  return (
    <div className="selection-chip floating-card" data-testid="compare-selection" data-a={selection.a} data-b={selection.b} role="status">
      <span className="highlight-swatch" aria-hidden="true" />
      <span>
        {what}: {cells.toLocaleString('en-US')} cells
      </span>
      <button type="button" className="link-button" data-testid="compare-selection-clear" onClick={() => toggleSelection(null)}>
        Clear
      </button>
    </div>
  );
}
