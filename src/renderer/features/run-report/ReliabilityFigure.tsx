import { useCallback, useMemo } from 'react';
import type { CalibrationResult } from '../../../shared/contract';
import { PlotFigure } from '../../ui/PlotFigure';
import { binCountChart, reliabilityChart } from './report-charts';
import { reliabilityBars } from './reliability-data';

const WIDTH = 330;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** One reliability diagram with ECE, MCE and NLL, and the patches per bin under it. */
export function ReliabilityFigure({ title, calibration, testId }: { title: string; calibration: CalibrationResult; testId: string }) {
  const bars = useMemo(() => reliabilityBars(calibration), [calibration]);
  const renderDiagram = useCallback(() => reliabilityChart(bars, WIDTH, 250), [bars]);
  const renderCounts = useCallback(() => binCountChart(bars, WIDTH, 58), [bars]);
  return (
    <figure className="reliability-figure" data-testid={testId} data-ece={calibration.ece} data-mce={calibration.mce}>
      <figcaption>
        <span className="reliability-title">{title}</span>
        <span className="reliability-scores">
          ECE <strong data-testid={`${testId}-ece`}>{pct(calibration.ece)}</strong> · MCE <strong data-testid={`${testId}-mce`}>{pct(calibration.mce)}</strong> · NLL{' '}
          {calibration.nll.toFixed(3)}
        </span>
      </figcaption>
      <PlotFigure render={renderDiagram} testId={`${testId}-chart`} label={`${title}: accuracy per confidence bin against perfect calibration`} />
      <span className="reliability-counts-label">Patches per bin</span>
      <PlotFigure render={renderCounts} testId={`${testId}-counts`} label={`${title}: patches per confidence bin`} />
    </figure>
  );
}
