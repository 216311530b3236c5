import { useId, useMemo } from 'react';
import { appStore, useApp, type OverlaySettings } from '../../app/app-state';
import { MEASURE_LABEL, availableMeasures, effectiveMeasure, measureValues } from '../../map/confidence-grids';
import { countUnsure, type ConfidenceMeasure, type UnsureStyle } from '../../map/confidence-image';
import { formatPercent } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import './confidence.css';

const MEASURE_HINT: Record<ConfidenceMeasure, string> = {
  maxProbability: 'The probability of the class drawn.',
  margin: 'How far the class drawn is ahead of the runner-up.',
  certainty: 'One minus the normalised entropy of the 17 probabilities: low where several classes compete.',
  agreement: 'The share of ensemble members that voted for the class drawn.',
};

function setOverlay(patch: Partial<OverlaySettings>): void {
  appStore.set((s) => ({ overlay: { ...s.overlay, ...patch } }));
}

/** How the result's confidence is shown: which measure, under what threshold a cell is unsure, dimmed or hatched. */
export function ConfidencePanel() {
  const result = useApp((s) => s.result);
  const overlay = useApp((s) => s.overlay);
  const thresholdId = useId();
  const measureId = useId();
  const measures = useMemo(() => (result ? availableMeasures(result.confidence) : []), [result]);
  const measure = result ? effectiveMeasure(result.confidence, overlay.measure) : overlay.measure;
  const values = useMemo(() => {
    if (!result) return null;
    const { width, height } = result.map.display;
    return measureValues(result.confidence, measure, width * height);
  }, [result, measure]);
  if (!result || !values) return null;
  const { unsure, valid } = countUnsure(values, overlay.threshold);
  const { confidence } = result.summary;

  return (
    <Panel title="Confidence" testId="confidence-panel">
      <div className="confidence-form">
        <label className="confidence-switch">
          <input type="checkbox" checked={overlay.visible} data-testid="overlay-toggle" onChange={(e) => setOverlay({ visible: e.target.checked })} />
          Mark unsure cells on the map
        </label>
        <label htmlFor={measureId} className="field-label">
          Measure
        </label>
        <select id={measureId} className="select-input" value={measure} data-testid="overlay-measure"
          onChange={(e) => setOverlay({ measure: e.target.value as ConfidenceMeasure })}>
          {measures.map((m) => (
            <option key={m} value={m}>
              {MEASURE_LABEL[m]}
            </option>
          ))}
        </select>
        <p className="hint confidence-hint">
          {MEASURE_HINT[measure]}
          {!measures.includes('agreement') && ' Member agreement needs an ensemble (several models).'}
        </p>
        <label htmlFor={thresholdId} className="field-label">
          Unsure under
        </label>
        <div className="confidence-threshold">
          <input id={thresholdId} type="range" min={0} max={1} step={0.01} value={overlay.threshold} data-testid="overlay-threshold"
            onChange={(e) => setOverlay({ threshold: Number(e.target.value) })} />
          <output htmlFor={thresholdId} data-testid="overlay-threshold-value">{overlay.threshold.toFixed(2)}</output>
        </div>
        <fieldset className="confidence-style">
          <legend className="field-label">Style</legend>
          {(['dim', 'hatch'] as UnsureStyle[]).map((style) => (
            <label key={style}>
              <input type="radio" name="overlay-style" value={style} checked={overlay.style === style} data-testid={`overlay-style-${style}`}
                onChange={() => setOverlay({ style })} />
              <span className={`overlay-swatch overlay-swatch-${style}`} aria-hidden="true" />
              {style === 'dim' ? 'Dim (washed out)' : 'Hatch (diagonal lines)'}
            </label>
          ))}
        </fieldset>
        <p className="confidence-share" data-testid="overlay-share" data-unsure={unsure} data-valid={valid}>
          <strong>{formatPercent(valid > 0 ? (100 * unsure) / valid : 0)} %</strong> of the mapped cells are under {overlay.threshold.toFixed(2)}.
        </p>
      </div>
      <dl className="facts confidence-facts">
        <dt>Mean max probability</dt>
        <dd>{confidence.meanMaxProbability.toFixed(2)}</dd>
        <dt>Top probability &lt; 0.5</dt>
        <dd>{formatPercent(confidence.lowConfidenceShare * 100)} % of cells</dd>
        {confidence.meanDisagreement !== null && (
          <>
            <dt>Mean disagreement</dt>
            <dd>{confidence.meanDisagreement.toFixed(2)}</dd>
          </>
        )}
      </dl>
    </Panel>
  );
}
