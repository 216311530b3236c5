import * as Plot from '@observablehq/plot';
import { BAR_OUTLINE, CHART_FONT } from '../accuracy/charts';
import { epochTicks, valueDomain, type CurvePoint, type Metric } from './curves-data';
import type { ClassCountRow } from './dataset-data';

/** The Training view's Observable Plot charts: the class histogram of a file and the training curves. */

const percentTick = (v: number) => `${Math.round(v * 100)}%`;

/** Patches per class, one bar per class in its LCZ colour. */
export function classHistogramChart(rows: readonly ClassCountRow[], width: number): Element {
  return Plot.plot({
    width,
    height: 120,
    marginLeft: 40,
    marginRight: 6,
    marginTop: 12,
    marginBottom: 20,
    style: CHART_FONT,
    x: { domain: rows.map((r) => r.code), label: null, tickSize: 0, padding: 0.15 },
    y: { grid: true, ticks: 3, label: 'Patches', tickFormat: 's' },
    marks: [
      Plot.barY(rows, { x: 'code', y: 'count', fill: 'color', ...BAR_OUTLINE, title: 'label', ariaLabel: (d: ClassCountRow) => `LCZ ${d.code}: ${d.count}` }),
      Plot.ruleY([0]),
    ],
  });
}

export interface CurveChartOptions {
  metric: Metric;
  /** The run's epochs: the x axis spans them all, so the curve grows into its frame. */
  epochs: number;
  width: number;
  height: number;
  /** Member names and their colours, in member order. */
  members: readonly string[];
  colors: readonly string[];
  /** The value axis' label, when it is not the metric's usual one (the parts of a distillation loss). */
  yLabel?: string;
}

/** The last running point of each member: where its epoch under way stands now. */
function latest(points: readonly CurvePoint[]): CurvePoint[] {
  const byMember = new Map<string, CurvePoint>();
  for (const p of points) byMember.set(p.member, p);
  return [...byMember.values()];
}

/**
 * Loss or accuracy per epoch of each member: train solid with filled dots, validation dashed with open dots, and
 * the running figure of the epoch under way as a thin line ending in a dot.
 */
export function curveChart(points: readonly CurvePoint[], o: CurveChartOptions): Element {
  const train = points.filter((p) => p.series === 'train');
  const validation = points.filter((p) => p.series === 'validation');
  const running = points.filter((p) => p.series === 'running');
  const domain = valueDomain(points, o.metric);
  const y =
    o.metric === 'loss'
      ? { domain, nice: true, grid: true, ticks: 4, label: o.yLabel ?? 'Loss (cross-entropy)' }
      : { domain, nice: true, grid: true, ticks: 4, label: o.yLabel ?? 'Accuracy', tickFormat: percentTick };
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 44,
    marginRight: 12,
    marginTop: 18,
    marginBottom: 34,
    style: CHART_FONT,
    x: { domain: [0, Math.max(1, o.epochs)], ticks: epochTicks(o.epochs), tickFormat: 'd', label: 'Epoch', labelAnchor: 'center', labelArrow: 'none' },
    y,
    color: { domain: [...o.members], range: [...o.colors] },
    marks: [
      // The value axis need not start at 0, so the baseline is the frame's bottom edge, not a rule at 0.
      Plot.frame({ anchor: 'bottom', stroke: '#9ca3af' }),
      Plot.line(running, { x: 'x', y: 'value', z: 'member', stroke: 'member', strokeWidth: 1.2, strokeOpacity: 0.6 }),
      Plot.line(train, { x: 'x', y: 'value', z: 'member', stroke: 'member', strokeWidth: 2 }),
      Plot.line(validation, { x: 'x', y: 'value', z: 'member', stroke: 'member', strokeWidth: 1.6, strokeDasharray: '5,3' }),
      Plot.dot(train, { x: 'x', y: 'value', fill: 'member', r: 3, title: 'label' }),
      Plot.dot(validation, { x: 'x', y: 'value', stroke: 'member', fill: 'white', strokeWidth: 1.5, r: 3, title: 'label' }),
      Plot.dot(latest(running), { x: 'x', y: 'value', fill: 'member', stroke: 'white', strokeWidth: 1, r: 4, title: 'label' }),
    ],
  });
}
