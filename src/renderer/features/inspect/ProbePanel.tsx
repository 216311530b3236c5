import { useCallback, useMemo } from 'react';
import { useApp } from '../../app/app-state';
import type { CellProbe } from '../../../shared/contract';
import { lczClass } from '../../../shared/lcz-classes';
import { formatLonLat } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { PlotFigure } from '../../ui/PlotFigure';
import { probabilityRows } from '../accuracy/accuracy-data';
import { probabilityChart } from '../accuracy/charts';
import { closeInspect } from './inspect-at';
import './inspect.css';

type InsideProbe = Extract<CellProbe, { inside: true }>;

function ClassName({ value }: { value: number }) {
  const lcz = lczClass(value);
  if (!lcz) return <span className="faint">no data</span>;
  return (
    <span className="probe-class">
      <span className="swatch" style={{ background: lcz.color }} aria-hidden="true" />
      LCZ {lcz.code} {lcz.name}
    </span>
  );
}

const share = (v: number | null) => (v === null ? '—' : v.toFixed(2));

function ProbeFacts({ probe }: { probe: InsideProbe }) {
  const agrees = probe.truth !== null && probe.truth !== 0 && probe.value !== 0 ? probe.truth === probe.value : null;
  return (
    <dl className="facts probe-facts">
      <dt title="Probability of the class drawn">Max probability</dt>
      <dd data-testid="probe-max">{share(probe.maxProbability)}</dd>
      <dt title="Top probability minus the runner-up's">Margin</dt>
      <dd data-testid="probe-margin">{share(probe.margin)}</dd>
      <dt title="Normalised entropy of the 17 probabilities: 0 = sure, 1 = no idea">Entropy</dt>
      <dd data-testid="probe-entropy">{share(probe.entropy)}</dd>
      {probe.disagreement !== null && (
        <>
          <dt title="Share of ensemble members that voted for another class">Disagreement</dt>
          <dd data-testid="probe-disagreement">{share(probe.disagreement)}</dd>
        </>
      )}
      {probe.truth !== null && (
        <>
          <dt>Truth</dt>
          <dd data-testid="probe-truth" data-value={probe.truth}>
            <ClassName value={probe.truth} />
            {agrees !== null && <span className={agrees ? 'probe-agree' : 'probe-differ'}>{agrees ? ' ✓ agrees' : ' ✗ differs'}</span>}
          </dd>
        </>
      )}
      <dt>Cell</dt>
      <dd>
        row {probe.row}, col {probe.col}
      </dd>
    </dl>
  );
}

function ProbabilityBars({ probabilities, drawn }: { probabilities: readonly number[]; drawn: number }) {
  const rows = useMemo(() => probabilityRows(probabilities), [probabilities]);
  const render = useCallback(() => probabilityChart(rows, 300, drawn), [rows, drawn]);
  return <PlotFigure render={render} testId="probe-chart" className="plot-figure probe-chart" label="Probability of each of the 17 classes" />;
}

/** A clicked cell of a mapping result: class drawn, the 17 probabilities, confidence measures and the truth. */
export function ProbePanel() {
  const state = useApp((s) => s.probe);
  const mapId = useApp((s) => s.map?.id);
  if (!state || state.resultId !== mapId) return null;
  const { probe, lon, lat } = state;
  let heading = 'Reading the cell…';
  if (probe && !probe.inside) heading = 'Outside the map';
  else if (probe?.inside) heading = lczClass(probe.value) ? `LCZ ${lczClass(probe.value)!.code} ${lczClass(probe.value)!.name}` : 'No prediction';
  const lcz = probe?.inside ? lczClass(probe.value) : undefined;

  return (
    <aside className="inspect-panel probe-panel floating-card" data-testid="probe-panel" aria-label="Inspected cell" data-lon={lon} data-lat={lat}
      data-state={probe ? 'ready' : 'loading'} data-value={probe?.inside ? probe.value : undefined}>
      <header className="inspect-header">
        <span className={lcz ? 'swatch swatch-large' : 'swatch swatch-large swatch-empty'} style={lcz ? { background: lcz.color } : undefined} aria-hidden="true" />
        <strong data-testid="probe-class">{heading}</strong>
        <button type="button" className="icon-button" aria-label="Close" data-testid="probe-close" onClick={closeInspect}>
          <CloseIcon />
        </button>
      </header>
      {probe?.inside && probe.probabilities && <ProbabilityBars probabilities={probe.probabilities} drawn={probe.value} />}
      {probe?.inside && <ProbeFacts probe={probe} />}
      <p className="probe-lonlat">{formatLonLat(lon, lat)}</p>
    </aside>
  );
}
