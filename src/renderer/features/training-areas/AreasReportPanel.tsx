import { useCallback, useMemo } from 'react';
import { classifierSentence } from '../../../shared/areas-classifier';
import { lczClass } from '../../../shared/lcz-classes';
import { Panel } from '../../ui/Panel';
import { PlotFigure } from '../../ui/PlotFigure';
import { confusionCells, f1Rows } from '../accuracy/accuracy-data';
import { confusionChart, f1Chart } from '../accuracy/charts';
import { zoomTo } from './areas-actions';
import { bootstrapMedians, bootstrapRows } from './areas-data';
import { bootstrapChart } from './areas-charts';
import { useAreas } from './areas-store';

/** The sidebar's inner width: what the charts are drawn to. */
const CHART_WIDTH = 320;
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

/**
 * Which classifier made the map from the areas and how good it is, as the WUDAPT generator assesses it: the bootstrap runs (each a 70/30 split of
 * the polygons by class) as box plots, the per-class F1 and the mean confusion matrix of the held-out cells, and
 * the suspicious areas (mostly mapped as another class when held out), each with "Zoom to".
 */
export function AreasReportPanel() {
  const accuracy = useAreas((s) => s.accuracy);
  const rows = useMemo(() => bootstrapRows(accuracy?.runs ?? []), [accuracy]);
  const medians = useMemo(() => bootstrapMedians(accuracy?.runs ?? []), [accuracy]);
  const f1 = useMemo(() => f1Rows({ f1: accuracy?.meanF1 ?? [] }), [accuracy]);
  const matrix = useMemo(() => confusionCells({ confusion: accuracy?.meanConfusion ?? [] }, 'held-out cells (mean of the runs)'), [accuracy]);
  const renderBoxes = useCallback(() => bootstrapChart(rows, CHART_WIDTH), [rows]);
  const renderF1 = useCallback(() => f1Chart(f1, CHART_WIDTH), [f1]);
  const renderConfusion = useCallback(() => confusionChart(matrix.codes, matrix.cells, CHART_WIDTH, 'Predicted as →'), [matrix]);
  if (!accuracy) return null;
  const { runs, suspicious } = accuracy;
  return (
    <Panel title="Accuracy (bootstrap)" testId="areas-report" summary={runs.length ? `OA ${pct(medians.OA)}` : 'not assessed'}>
      <p className="hint" data-testid="areas-classifier-used" data-classifier={accuracy.classifier}>
        Mapped {classifierSentence(accuracy)}.
      </p>
      {accuracy.cnn && <p className="hint" data-testid="areas-cnn-record-note">{accuracy.cnn.note}</p>}
      {runs.length === 0 ? (
        <p className="hint" data-testid="areas-no-bootstrap">Mapped without bootstrap runs: no accuracy assessment (set runs above 0 for one).</p>
      ) : (
        <>
          <p className="hint" data-testid="areas-medians">
            Median of {runs.length} runs: OA {pct(medians.OA)}, OA_u {pct(medians.OA_u)}, OA_bu {pct(medians.OA_bu)}, OA_w {pct(medians.OA_w)}. Each run trains
            on 70% of each class&apos;s polygons and tests on the other 30% (whole polygons, never cells).
          </p>
          <PlotFigure render={renderBoxes} testId="areas-boxplots" label="Bootstrap accuracy: box plots of OA, OA_u, OA_bu and OA_w over the runs" />
          <h4 className="chart-title">F1 per class (mean of the runs)</h4>
          <PlotFigure render={renderF1} testId="areas-f1-chart" label="Mean F1 score of each class over the runs" />
          <h4 className="chart-title">Mean confusion matrix</h4>
          <PlotFigure render={renderConfusion} testId="areas-confusion" label="Mean confusion matrix of the held-out cells: training class by row, predicted class by column" />
        </>
      )}
      <h4 className="chart-title">Suspicious areas</h4>
      {suspicious.length === 0 ? (
        <p className="hint" data-testid="areas-no-suspicious">{runs.length ? 'None: every area held out was mostly mapped as its own class.' : 'Found by the bootstrap runs.'}</p>
      ) : (
        <ul className="plain-list area-problems" data-testid="areas-suspicious">
          {suspicious.map((s) => (
            <li key={s.id} className="area-problem is-warning" data-testid="areas-suspicious-item" data-id={s.id}>
              <span className="area-problem-text">
                <strong>{s.name || s.id}</strong> ({lczClass(s.lcz)?.code}): {Math.round(s.otherShare * 100)}% of its cells mapped as another class, mostly{' '}
                {lczClass(s.assignedLcz)?.code} {lczClass(s.assignedLcz)?.name} ({s.runsTested} runs)
              </span>
              <button type="button" className="link-button" onClick={() => zoomTo(s.bounds)}>Zoom to</button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
