import * as Plot from '@observablehq/plot';
import { CHART_FONT } from '../accuracy/charts';
import type { ModelRole, PlotPoint } from './report-format';

/** The comparison report's plots (Observable Plot, as the Training view's charts): accuracy against speed, and size. */

export const ROLE_COLORS: Record<ModelRole, string> = { teacher: '#4e79a7', model: '#7f7f7f', student: '#59a14f', int8: '#f28e2c', pruned: '#e15759' };
const ROLES = Object.keys(ROLE_COLORS) as ModelRole[];

/** One dot per model, named beside it; x on a log scale (a teacher and a tiny student differ a hundredfold). */
export function accuracyScatter(points: readonly PlotPoint[], o: { xLabel: string; width: number; xFormat: (v: number) => string }): Element {
  const ys = points.map((p) => p.y);
  const lo = Math.max(0, Math.min(...ys) - 0.05);
  const hi = Math.min(1, Math.max(...ys) + 0.05);
  return Plot.plot({
    width: o.width,
    height: 240,
    marginLeft: 46,
    marginRight: 24,
    marginTop: 16,
    marginBottom: 36,
    style: CHART_FONT,
    x: { type: 'log', label: o.xLabel, labelAnchor: 'center', labelArrow: 'none', tickFormat: o.xFormat, ticks: 4, inset: 24 },
    y: { domain: [lo, hi], grid: true, label: 'Overall accuracy', tickFormat: (v: number) => `${Math.round(v * 100)}%`, ticks: 4 },
    color: { domain: ROLES, range: ROLES.map((r) => ROLE_COLORS[r]) },
    marks: [
      Plot.frame({ anchor: 'bottom', stroke: '#9ca3af' }),
      Plot.dot(points, { x: 'x', y: 'y', fill: 'role', r: 5, stroke: 'white', title: (d: PlotPoint) => `${d.name} (${d.role})\nOA ${(d.y * 100).toFixed(1)} %, ${o.xFormat(d.x)}` }),
      Plot.text(points, { x: 'x', y: 'y', text: (d: PlotPoint) => `${d.role === 'teacher' || d.role === 'model' ? d.name : d.role}`, dy: -10, fill: '#374151' }),
    ],
  });
}
