import * as Plot from '@observablehq/plot';
import { CHART_FONT } from '../accuracy/charts';
import { compactCount, type ReliabilityBar } from './reliability-data';

/** The run report's own charts: the reliability diagram and the patch count of its bins (same x axis). */

const percentTick = (v: number) => `${Math.round(v * 100)}%`;
/** Shared left and right margins, so the count strip lines up with the diagram above it. */
const MARGIN_LEFT = 42;
/** Room for half of the "100%" tick label. */
const MARGIN_RIGHT = 18;

export const ACCURACY_FILL = '#3b6fd8';
export const GAP_FILL = '#ef4444';
export const CONFIDENCE_STROKE = '#111827';

/**
 * Accuracy per confidence bin (bars) against the diagonal of perfect calibration, and the bin's mean confidence as a
 * dark tick; where the confidence is above the accuracy (overconfidence, what ECE mostly measures in deep networks)
 * the gap is shaded red above the bar. Below it, the tick inside the bar shows the gap.
 */
export function reliabilityChart(bars: readonly ReliabilityBar[], width: number, height: number): Element {
  const filled = bars.filter((b) => b.count > 0);
  const overconfident = filled.filter((b) => b.confidence > b.accuracy);
  return Plot.plot({
    width,
    height,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: 16,
    marginBottom: 34,
    style: CHART_FONT,
    x: { domain: [0, 1], ticks: 5, tickFormat: percentTick, label: 'Confidence (top-class probability)', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0, 1], ticks: 5, tickFormat: percentTick, grid: true, label: 'Accuracy' },
    marks: [
      Plot.rectY(filled, { x1: 'lower', x2: 'upper', y1: 0, y2: 'accuracy', fill: ACCURACY_FILL, inset: 0.5, title: 'label' }),
      Plot.rectY(overconfident, { x1: 'lower', x2: 'upper', y1: 'gapFrom', y2: 'gapTo', fill: GAP_FILL, fillOpacity: 0.3, inset: 0.5, title: 'label' }),
      Plot.ruleY(filled, { x1: 'lower', x2: 'upper', y: 'confidence', stroke: CONFIDENCE_STROKE, strokeWidth: 2, insetLeft: 1, insetRight: 1 }),
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: '#6b7280', strokeDasharray: '4,3', strokeWidth: 1 },
      ),
      Plot.ruleY([0]),
    ],
  });
}

/** How many patches fell in each bin: bars with their count on top, under the diagram. */
export function binCountChart(bars: readonly ReliabilityBar[], width: number, height: number): Element {
  const filled = bars.filter((b) => b.count > 0);
  return Plot.plot({
    width,
    height,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: 14,
    marginBottom: 4,
    style: CHART_FONT,
    x: { domain: [0, 1], axis: null },
    y: { axis: null, domain: [0, Math.max(1, ...bars.map((b) => b.count))] },
    marks: [
      Plot.rectY(filled, { x1: 'lower', x2: 'upper', y1: 0, y2: 'count', fill: '#9ca3af', inset: 0.5, title: 'label' }),
      Plot.text(filled, { x: (d: ReliabilityBar) => (d.lower + d.upper) / 2, y: 'count', text: (d: ReliabilityBar) => compactCount(d.count), dy: -6, fontSize: 9, fill: '#374151' }),
      Plot.ruleY([0], { stroke: '#9ca3af' }),
    ],
  });
}
