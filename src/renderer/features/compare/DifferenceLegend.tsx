import { useMemo } from 'react';
import { hexToRgb, lczClass } from '../../../shared/lcz-classes';
import { AGREEMENT_ALPHA, differencePalette, OTHER_PAIRS_COLOUR } from '../../map/difference-palette';
import { toggleSelection } from './compare-actions';
import { useCompare } from './compare-store';

const pct = (cells: number, total: number) => `${total > 0 ? ((100 * cells) / total).toFixed(1) : '0'} %`;

/** The difference overlay's legend: faded agreement, each coloured pair (click: highlight its cells), the rest. */
export function DifferenceLegend() {
  const comparison = useCompare((s) => s.shown?.comparison ?? null);
  const palette = useMemo(() => (comparison ? differencePalette(comparison.difference) : null), [comparison]);
  if (!comparison || !palette) return null;
  const total = comparison.cells.compared;
  const agreeing = comparison.crossTab.reduce((n, row, i) => n + row[i]!, 0);
  const [r, g, b] = hexToRgb('#94a3b8');
  return (
    <div className="difference-legend floating-card" data-testid="difference-legend">
      <h4>Where B departs from A</h4>
      <ul>
        <li>
          <span className="swatch" style={{ background: `rgba(${r}, ${g}, ${b}, ${AGREEMENT_ALPHA + 0.2})` }} aria-hidden="true" />
          <span className="legend-text">Agreement, faded in A's colours</span>
          <span className="legend-share">{pct(agreeing, total)}</span>
        </li>
        {palette.pairs.map((p) => (
          <li key={p.code}>
            <button type="button" className="legend-pair" data-testid="difference-legend-pair" data-a={p.a} data-b={p.b} data-color={p.color}
              title="Highlight these cells on the map" onClick={() => toggleSelection({ a: p.a, b: p.b })}>
              <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
              <span className="legend-text">
                LCZ {lczClass(p.a)!.code} → {lczClass(p.b)!.code} <span className="legend-names">({lczClass(p.a)!.name} → {lczClass(p.b)!.name})</span>
              </span>
              <span className="legend-share">{pct(p.cells, total)}</span>
            </button>
          </li>
        ))}
        {palette.other.pairs > 0 && (
          <li>
            <span className="swatch" style={{ background: OTHER_PAIRS_COLOUR }} aria-hidden="true" />
            <span className="legend-text">{palette.other.pairs} other pairs</span>
            <span className="legend-share">{pct(palette.other.cells, total)}</span>
          </li>
        )}
      </ul>
    </div>
  );
}
