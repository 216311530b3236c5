import { useCallback, useMemo } from 'react';
import type { MemberStatus } from '../../../shared/contract';
import { PlotFigure } from '../../ui/PlotFigure';
import { memberName } from './ensemble-members';
import { curvePoints, memberColor, type Metric } from './curves-data';
import type { LiveSample } from './live-progress';
import { curveChart } from './training-charts';
import './training.css';

interface CurvesProps {
  members: readonly Pick<MemberStatus, 'spec' | 'history'>[];
  samples: readonly LiveSample[];
  epochs: number;
  /** Width of each chart. */
  width: number;
  height: number;
  /** "stack": one chart above the other; "row": side by side, where the width allows. */
  layout: 'stack' | 'row';
  testIdPrefix: string;
}

/** Who is drawn in which colour (members by default), and how train, validation and the epoch under way are drawn. */
export function CurvesLegend({ names, colors }: { names: readonly string[]; colors?: readonly string[] }) {
  return (
    <div className="curves-legend" aria-hidden="true">
      <ul className="curves-members">
        {names.map((name, k) => (
          <li key={name}>
            <span className="curves-swatch" style={{ background: colors?.[k] ?? memberColor(k) }} />
            {name}
          </li>
        ))}
      </ul>
      <div className="curves-series">
        <span>
          <svg width="26" height="8" className="curves-key">
            <line x1="1" y1="4" x2="25" y2="4" className="key-train" />
            <circle cx="13" cy="4" r="3" className="key-train-dot" />
          </svg>
          train
        </span>
        <span>
          <svg width="26" height="8" className="curves-key">
            <line x1="1" y1="4" x2="25" y2="4" className="key-validation" />
            <circle cx="13" cy="4" r="3" className="key-validation-dot" />
          </svg>
          validation
        </span>
        <span>
          <svg width="26" height="8" className="curves-key">
            <line x1="1" y1="4" x2="25" y2="4" className="key-running" />
          </svg>
          epoch under way
        </span>
      </div>
    </div>
  );
}

function Curve({ metric, ...props }: Omit<CurvesProps, 'layout'> & { metric: Metric }) {
  const { members, samples, epochs, width, height, testIdPrefix } = props;
  const names = useMemo(() => members.map((m, k) => memberName(m.spec, k)), [members]);
  const points = useMemo(() => curvePoints(members, samples, metric), [members, samples, metric]);
  const render = useCallback(
    () => curveChart(points, { metric, epochs, width, height, members: names, colors: names.map((_, k) => memberColor(k)) }),
    [points, metric, epochs, width, height, names],
  );
  const counts = { train: 0, validation: 0, running: 0 };
  for (const p of points) counts[p.series]++;
  return (
    <figure className="curve-figure">
      <PlotFigure render={render} testId={`${testIdPrefix}-${metric}`} label={`${metric === 'loss' ? 'Loss' : 'Accuracy'} per epoch of each member, train and validation`} />
      {/* What the chart holds, for tests and screen readers. */}
      <span hidden data-testid={`${testIdPrefix}-${metric}-counts`} data-train={counts.train} data-validation={counts.validation} data-running={counts.running} />
    </figure>
  );
}

/** Loss and accuracy per epoch of each member (train and validation), with the running figure of the epoch under way. */
export function TrainingCurves(props: CurvesProps) {
  const names = useMemo(() => props.members.map((m, k) => memberName(m.spec, k)), [props.members]);
  return (
    <div className={`training-curves is-${props.layout}`} data-testid={props.testIdPrefix}>
      <CurvesLegend names={names} />
      <div className="curves-charts">
        <Curve metric="loss" {...props} />
        <Curve metric="accuracy" {...props} />
      </div>
    </div>
  );
}
