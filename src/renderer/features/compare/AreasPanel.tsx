import { useCallback, useMemo } from 'react';
import { Panel } from '../../ui/Panel';
import { PlotFigure } from '../../ui/PlotFigure';
import { areaChart } from './compare-charts';
import { areaBars } from './compare-data';
import { useCompare } from './compare-store';

/** Each class's area in both maps, side by side: where they differ is the quantity disagreement. */
export function AreasPanel() {
  const comparison = useCompare((s) => s.shown?.comparison ?? null);
  const bars = useMemo(() => (comparison ? areaBars(comparison) : null), [comparison]);
  const render = useCallback(() => areaChart(bars!, 330), [bars]);
  if (!comparison || !bars) return null;
  return (
    <Panel title="Class areas" testId="compare-areas-panel">
      <PlotFigure render={render} testId="compare-area-chart" label="Area of each class in map A and map B" />
      <p className="hint">Over the compared cells; the label is the class's share of them. A solid, B paler.</p>
    </Panel>
  );
}
