import * as Plot from '@observablehq/plot';
import type { ConfusionCell, F1Row, ProbabilityRow } from './accuracy-data';

/**
 * The Observable Plot charts of the app (SVG, no remote loads). Bars are drawn in the LCZ colours with a thin dark
 * outline, so the black (E) and pale (F, 9) classes still read on white.
 */

export const CHART_FONT = { fontSize: '11px', fontFamily: 'system-ui, sans-serif', color: '#1f2937', background: 'transparent' };
export const BAR_OUTLINE = { stroke: '#1f2937', strokeWidth: 0.6, strokeOpacity: 0.6 };

/** Per-class F1, one horizontal bar per class present. */
export function f1Chart(rows: readonly F1Row[], width: number): Element {
  return Plot.plot({
    width,
    height: 28 + rows.length * 17,
    marginLeft: 26,
    marginRight: 34,
    marginTop: 22,
    style: CHART_FONT,
    x: { domain: [0, 1], grid: true, label: null, ticks: 5, axis: 'top' },
    y: { domain: rows.map((r) => r.code), label: null, tickSize: 0 },
    marks: [
      Plot.barX(rows, { x: 'f1', y: 'code', fill: 'color', ...BAR_OUTLINE, title: (d: F1Row) => `${d.label}: F1 ${d.f1.toFixed(2)}` }),
      Plot.text(rows, { x: 'f1', y: 'code', text: (d: F1Row) => d.f1.toFixed(2), dx: 4, textAnchor: 'start', fill: '#374151' }),
      Plot.ruleX([0]),
    ],
  });
}

/** The confusion matrix as a heatmap of row shares (truth down, map across); the share in % where it matters. */
export function confusionChart(codes: readonly string[], cells: readonly ConfusionCell[], width: number, columnLabel = 'Mapped as →'): Element {
  const side = Math.max(160, Math.min(width, 40 + codes.length * 22));
  return Plot.plot({
    width: side,
    height: side,
    marginLeft: 34,
    marginTop: 34,
    marginBottom: 6,
    marginRight: 6,
    padding: 0.06,
    style: CHART_FONT,
    x: { domain: codes, axis: 'top', label: columnLabel, tickSize: 0 },
    y: { domain: codes, label: '↓ Truth', tickSize: 0, labelAnchor: 'top' },
    color: { type: 'linear', domain: [0, 1], range: ['#f3f6fa', '#1e3a8a'] },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'truth', fill: 'share', title: 'label', inset: 0.5 }),
      Plot.text(
        cells.filter((c) => c.share >= 0.1),
        {
          x: 'predicted',
          y: 'truth',
          text: (d: ConfusionCell) => String(Math.round(d.share * 100)),
          fill: (d: ConfusionCell) => (d.share > 0.5 ? 'white' : '#1f2937'),
          fontSize: 9,
        },
      ),
    ],
  });
}

/** A cell's 17 class probabilities, one bar per class in its colour; each bar is labelled for screen readers and tests. */
export function probabilityChart(rows: readonly ProbabilityRow[], width: number, drawn: number): Element {
  return Plot.plot({
    width,
    height: 130,
    marginLeft: 38,
    marginRight: 6,
    marginTop: 10,
    marginBottom: 22,
    style: CHART_FONT,
    x: { domain: rows.map((r) => r.code), label: null, tickSize: 0, padding: 0.15 },
    y: { domain: [0, 1], grid: true, ticks: 4, label: null, tickFormat: (v: number) => `${Math.round(v * 100)}%` },
    marks: [
      Plot.barY(rows, {
        x: 'code',
        y: 'p',
        fill: 'color',
        ...BAR_OUTLINE,
        strokeWidth: (d: ProbabilityRow) => (d.value === drawn ? 2 : 0.6),
        title: (d: ProbabilityRow) => `${d.label}: ${(d.p * 100).toFixed(1)} %`,
        ariaLabel: (d: ProbabilityRow) => `LCZ ${d.code} ${d.name}: ${d.p}`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
