import { useCallback, useMemo } from 'react';
import { PlotFigure } from '../../ui/PlotFigure';
import { confusionCells } from '../accuracy/accuracy-data';
import { confusionChart } from '../accuracy/charts';
import { PerClassTable } from './PerClassTable';
import { reportCaveats } from './report-caveats';
import { ReliabilityFigure } from './ReliabilityFigure';
import { ACCURACY_FILL, CONFIDENCE_STROKE, GAP_FILL } from './report-charts';
import { classScoreRows, headlines, type ModelEntry } from './scores-data';
import '../accuracy/accuracy.css';

const CONFUSION_WIDTH = 430;

function Confusion({ entry }: { entry: ModelEntry }) {
  const matrix = useMemo(() => confusionCells(entry.scores, 'patches'), [entry]);
  const render = useCallback(() => confusionChart(matrix.codes, matrix.cells, CONFUSION_WIDTH, 'Predicted as →'), [matrix]);
  return (
    <div className="report-block">
      <h4 className="chart-title">Confusion matrix</h4>
      <PlotFigure render={render} testId="report-confusion" label={`Confusion matrix of ${entry.name}: truth by row, prediction by column`} />
      <p className="hint">Each row is a true class; the shade and number are the share of its patches predicted as each class (the diagonal is the recall).</p>
    </div>
  );
}

function Calibration({ entry }: { entry: ModelEntry }) {
  const { scores } = entry;
  return (
    <section className="report-section" data-testid="calibration-section">
      <h3>Calibration</h3>
      <p className="hint report-lead">
        {entry.kind === 'ensemble'
          ? 'The ensemble fuses its members after scaling each by its own temperature (see the members), so it has none of its own.'
          : `Temperature T = ${scores.temperature.toFixed(2)}, fitted on validation data by minimising the negative log-likelihood: the logits are divided by T before the softmax.`}{' '}
        A calibrated model’s bars reach the diagonal: among patches predicted with 80 % confidence, 80 % are right.
      </p>
      <div className="reliability-legend" aria-hidden="true">
        <span>
          <span className="legend-box" style={{ background: ACCURACY_FILL }} /> accuracy of the bin
        </span>
        <span>
          <span className="legend-tick" style={{ borderColor: CONFIDENCE_STROKE }} /> mean confidence of the bin
        </span>
        <span>
          <span className="legend-box is-gap" style={{ background: GAP_FILL }} /> overconfidence (confidence above accuracy)
        </span>
        <span>
          <span className="legend-diagonal" /> perfect calibration
        </span>
      </div>
      <div className="reliability-row">
        <ReliabilityFigure title="Before temperature scaling" calibration={scores.calibrationBefore} testId="reliability-before" />
        <ReliabilityFigure title="After temperature scaling" calibration={scores.calibrationAfter} testId="reliability-after" />
      </div>
    </section>
  );
}

/** One model's figures: the headlines, per-class scores, confusion matrix and calibration. */
export function ModelDetails({ entry }: { entry: ModelEntry }) {
  const rows = useMemo(() => classScoreRows(entry.scores), [entry]);
  const caveats = reportCaveats(entry.scores, entry.kind);
  return (
    <div className="model-details-report" data-testid="model-details" data-key={entry.key}>
      <section className="report-section">
        <h3>
          {entry.name} <span className="report-sub">{entry.scores.n.toLocaleString('en-US')} patches evaluated</span>
        </h3>
        <div className="headlines report-headlines">
          {headlines(entry.scores).map((h) => (
            <div key={h.key} className="headline" title={h.title}>
              <span className="headline-value" data-testid={`report-${h.key}`}>
                {h.value}
              </span>
              <span className="headline-label">{h.label}</span>
            </div>
          ))}
        </div>
        {caveats.length > 0 && (
          <ul className="report-caveats" data-testid="report-caveats">
            {caveats.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        )}
        <div className="report-grid">
          <div className="report-block">
            <h4 className="chart-title">Per class</h4>
            <PerClassTable rows={rows} />
          </div>
          <Confusion entry={entry} />
        </div>
      </section>
      <Calibration entry={entry} />
    </div>
  );
}
