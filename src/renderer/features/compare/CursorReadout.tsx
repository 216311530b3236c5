import type { InspectResult } from '../../../shared/contract';
import { lczClass } from '../../../shared/lcz-classes';
import { useCompare } from './compare-store';

function ClassUnder({ side, cell }: { side: 'A' | 'B'; cell: InspectResult | undefined }) {
  let text = '…';
  let value = '';
  if (cell && !cell.inside) text = 'outside the map';
  else if (cell?.inside && cell.value === 0) text = 'no data';
  else if (cell?.inside) {
    const lcz = lczClass(cell.value);
    text = lcz ? `LCZ ${lcz.code} ${lcz.name}` : `value ${cell.value}`;
    value = String(cell.value);
  }
  const lcz = cell?.inside ? lczClass(cell.value) : undefined;
  return (
    <span className="cursor-class" data-testid={`compare-cursor-${side.toLowerCase()}`} data-value={value}>
      <strong>{side}</strong>
      {lcz && <span className="swatch" style={{ background: lcz.color }} aria-hidden="true" />}
      {text}
    </span>
  );
}

/** The class of each map under the pointer (the linked cursor's reading): where they differ, it shows. */
export function CursorReadout() {
  const cursor = useCompare((s) => s.cursor);
  if (!cursor) {
    return (
      <div className="cursor-readout floating-card is-idle" data-testid="compare-cursor">
        Point at the map to read the class of each map there.
      </div>
    );
  }
  const { probe } = cursor;
  const differ = probe?.a.inside && probe.b.inside && probe.a.value !== probe.b.value;
  return (
    <div className={differ ? 'cursor-readout floating-card is-different' : 'cursor-readout floating-card'} data-testid="compare-cursor"
      data-lon={cursor.lon} data-lat={cursor.lat} data-ready={probe !== null}>
      <ClassUnder side="A" cell={probe?.a} />
      <ClassUnder side="B" cell={probe?.b} />
    </div>
  );
}
