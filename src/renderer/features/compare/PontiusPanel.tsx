import { useCallback, useMemo } from 'react';
import { Panel } from '../../ui/Panel';
import { PlotFigure } from '../../ui/PlotFigure';
import { pontiusChart } from './compare-charts';
import { pontiusParts } from './compare-data';
import { useCompare } from './compare-store';

/** Agreement and the two kinds of disagreement, adding up to the whole (Pontius and Millones 2011). */
export function PontiusPanel() {
  const comparison = useCompare((s) => s.shown?.comparison ?? null);
  const parts = useMemo(() => (comparison ? pontiusParts(comparison) : null), [comparison]);
  const render = useCallback(() => pontiusChart(parts!, 330), [parts]);
  if (!comparison || !parts) return null;
  return (
    <Panel title="Agreement and disagreement" testId="pontius-panel">
      <PlotFigure render={render} testId="pontius-chart" label="Agreement, quantity disagreement and allocation disagreement of the two maps" />
      <ul className="pontius-key">
        {parts.map((p) => (
          <li key={p.part} data-testid={`pontius-${p.part.toLowerCase()}`} data-share={p.share}>
            <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
            {p.part} {(p.share * 100).toFixed(1)} %
          </li>
        ))}
      </ul>
      <p className="hint">
        <strong>Quantity</strong>: the maps hold different amounts of the classes. <strong>Allocation</strong>: the same amounts, in different places.
        Together they are the disagreement, 1 − agreement.
      </p>
    </Panel>
  );
}
