import { useCallback, useMemo } from 'react';
import { Panel } from '../../ui/Panel';
import { PlotFigure } from '../../ui/PlotFigure';
import { crossTabChart } from './compare-charts';
import { crossTabCells } from './compare-data';
import { toggleSelection } from './compare-actions';
import { useCompare } from './compare-store';

const CHART_WIDTH = 330;

/** The cross-tabulation as a heat map; a click on a cell highlights its cells on the maps. */
export function CrossTabPanel() {
  const comparison = useCompare((s) => s.shown?.comparison ?? null);
  const selection = useCompare((s) => s.selection);
  const table = useMemo(() => (comparison ? crossTabCells(comparison) : null), [comparison]);
  const render = useCallback(() => crossTabChart(table!.codes, table!.cells, CHART_WIDTH, selection, toggleSelection), [table, selection]);
  if (!comparison || !table) return null;
  return (
    <Panel title="Cross-tabulation" testId="crosstab-panel">
      <PlotFigure render={render} testId="crosstab-chart" label="Cross-tabulation of the classes: map A by row, map B by column; click a cell to find its cells" />
      <p className="hint">
        Cells of A's grid by class in A (rows) and in B (columns); the number is the share of all compared cells in %, the diagonal (outlined) is
        agreement. Click a cell to highlight those cells on the map; click it again to clear.
      </p>
    </Panel>
  );
}
