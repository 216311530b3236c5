import * as Plot from '@observablehq/plot';
import { CHART_FONT } from '../accuracy/charts';
import { BOOTSTRAP_MEASURES, type BootstrapRow } from './areas-data';

/** The bootstrap runs' OA, OA_u, OA_bu and OA_w as box plots (one dot per run over each box), as the generator shows them. */
export function bootstrapChart(rows: readonly BootstrapRow[], width: number): Element {
  return Plot.plot({
    width,
    height: 200,
    marginLeft: 40,
    marginRight: 8,
    // Room above 100% for the axis label: runs often score 100% on well-separated classes, and their boxes sit there.
    marginTop: 24,
    marginBottom: 26,
    style: CHART_FONT,
    x: { domain: BOOTSTRAP_MEASURES.map((m) => m.label), label: null, tickSize: 0 },
    y: { domain: [0, 1], grid: true, ticks: 5, label: 'Accuracy', tickFormat: (v: number) => `${Math.round(v * 100)}%` },
    marks: [
      Plot.boxY(rows, { x: 'measure', y: 'value', fill: '#dbeafe', stroke: '#1e3a8a', r: 0 }),
      Plot.dot(rows, { x: 'measure', y: 'value', r: 1.8, fill: '#1e3a8a', fillOpacity: 0.45, title: (d: BootstrapRow) => `Run ${d.run}: ${d.measure} ${(d.value * 100).toFixed(1)}%` }),
    ],
  });
}
