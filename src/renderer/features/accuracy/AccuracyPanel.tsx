import { useCallback, useMemo } from 'react';
import { useApp } from '../../app/app-state';
import type { Accuracy } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { PlotFigure } from '../../ui/PlotFigure';
import { measureRows } from '../../../shared/measures';
import { confusionCells, f1Rows, meanF1 } from './accuracy-data';
import { confusionChart, f1Chart } from './charts';
import './accuracy.css';

/** Test ids of the headlines (kept from before the WUDAPT measures joined them). */
const ACCURACY_TEST_IDS = { oa: 'accuracy-oa', kappa: 'accuracy-kappa', oaUrban: 'accuracy-oa-urban', oaBuiltNatural: 'accuracy-oa-bu', oaWeighted: 'accuracy-oa-w', macroF1: 'accuracy-f1' } as const;

/** The sidebar's inner width: what the charts are drawn to. */
const CHART_WIDTH = 320;

function Headline({ label, value, testId, title }: { label: string; value: string; testId: string; title: string }) {
  return (
    <div className="headline" title={title}>
      <span className="headline-value" data-testid={testId}>
        {value}
      </span>
      <span className="headline-label">{label}</span>
    </div>
  );
}

function AccuracyCharts({ accuracy }: { accuracy: Accuracy }) {
  const rows = useMemo(() => f1Rows(accuracy), [accuracy]);
  const matrix = useMemo(() => confusionCells(accuracy), [accuracy]);
  const renderF1 = useCallback(() => f1Chart(rows, CHART_WIDTH), [rows]);
  const renderConfusion = useCallback(() => confusionChart(matrix.codes, matrix.cells, CHART_WIDTH), [matrix]);
  return (
    <>
      <h4 className="chart-title">F1 per class</h4>
      <PlotFigure render={renderF1} testId="f1-chart" label="F1 score of each class" />
      <h4 className="chart-title">Confusion matrix</h4>
      <PlotFigure render={renderConfusion} testId="confusion-chart" label="Confusion matrix: truth by row, mapped class by column" />
      <p className="hint">
        Each row is a true class; the shade and the number are the share of its cells mapped as each class (the diagonal is the class recall). Hover a
        cell for its count.
      </p>
    </>
  );
}

/** How the open result agrees with the truth map: OA, kappa, mean F1, per-class F1 and the confusion matrix. */
export function AccuracyPanel() {
  const result = useApp((s) => s.result);
  if (!result) return null;
  const { accuracy } = result.summary;
  if (!accuracy) {
    return (
      <Panel title="Accuracy" testId="accuracy-panel">
        <p className="hint" data-testid="accuracy-none">
          No truth map for this scene, so the accuracy is unknown. Read the confidence overlay (Layers tab) to see where the map is unsure.
        </p>
      </Panel>
    );
  }
  // The same measures, names and formats as lcz evaluate, report.md and the training report (shared/measures.ts).
  const rows = measureRows({ ...accuracy, macroF1: meanF1(accuracy) });
  return (
    <Panel title="Accuracy" testId="accuracy-panel">
      <div className="headlines">
        {rows.map((r) => (
          <Headline key={r.key} label={r.name} value={r.text} testId={ACCURACY_TEST_IDS[r.key]} title={r.title} />
        ))}
      </div>
      <p className="hint accuracy-basis" title={accuracy.truthPath}>
        Against the {result.summary.synthetic ? 'synthetic truth' : 'reference'} map, {accuracy.n.toLocaleString('en-US')} cells compared.
      </p>
      <AccuracyCharts accuracy={accuracy} />
    </Panel>
  );
}
