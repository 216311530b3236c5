import * as Plot from '@observablehq/plot';
import type { ClassPair } from '../../map/difference-image';
import { HIGHLIGHT_COLOUR } from '../../map/difference-palette';
import { BAR_OUTLINE, CHART_FONT } from '../accuracy/charts';
import type { AreaBar, CrossTabCell, PontiusPart } from './compare-data';

/** The Compare view's Observable Plot charts (SVG, no remote loads), in the style of the accuracy charts. */

/**
 * The cross-tabulation as a heat map (A down, B across), shaded by the log of the cell count so rare pairs show;
 * every cell is a button: `onSelect` gets its class pair (the map highlights those cells).
 */
export function crossTabChart(codes: readonly string[], cells: readonly CrossTabCell[], width: number, selection: ClassPair | null, onSelect: (pair: ClassPair) => void): Element {
  const side = Math.max(180, Math.min(width, 46 + codes.length * 24));
  const max = Math.max(1, ...cells.map((c) => c.cells));
  const isSelected = (c: CrossTabCell) => selection !== null && c.a === selection.a && c.b === selection.b;
  return Plot.plot({
    width: side,
    height: side,
    marginLeft: 40,
    marginTop: 40,
    marginBottom: 6,
    marginRight: 6,
    padding: 0.06,
    style: CHART_FONT,
    x: { domain: codes, axis: 'top', label: 'Map B →', tickSize: 0 },
    y: { domain: codes, label: '↓ Map A', tickSize: 0, labelAnchor: 'top' },
    color: { type: 'log', domain: [1, max], range: ['#e8eef7', '#1e3a8a'] },
    marks: [
      Plot.cell(cells, {
        x: 'bCode',
        y: 'aCode',
        fill: (d: CrossTabCell) => (d.cells > 0 ? d.cells : null),
        inset: 0.5,
        stroke: (d: CrossTabCell) => (isSelected(d) ? HIGHLIGHT_COLOUR : d.a === d.b ? '#1f2937' : 'none'),
        strokeWidth: (d: CrossTabCell) => (isSelected(d) ? 3 : 0.8),
        title: 'label',
        // Each rect a button for its pair: Plot's render transform hands over the drawn rects, in index order.
        render: (index, scales, values, dimensions, context, next) => {
          const group = next!(index, scales, values, dimensions, context)!;
          group.querySelectorAll('rect').forEach((rect, k) => {
            const cell = cells[index[k]!]!;
            rect.setAttribute('data-testid', 'crosstab-cell');
            rect.setAttribute('data-a', String(cell.a));
            rect.setAttribute('data-b', String(cell.b));
            rect.setAttribute('data-cells', String(cell.cells));
            rect.setAttribute('role', 'button');
            rect.setAttribute('tabindex', '0');
            rect.setAttribute('aria-label', `${cell.label}; highlight them on the map`);
            rect.setAttribute('aria-pressed', String(isSelected(cell)));
            rect.style.cursor = 'pointer';
            rect.addEventListener('click', () => onSelect({ a: cell.a, b: cell.b }));
            rect.addEventListener('keydown', (event) => {
              if (event.key !== 'Enter' && event.key !== ' ') return;
              event.preventDefault();
              onSelect({ a: cell.a, b: cell.b });
            });
          });
          return group;
        },
      }),
      Plot.text(
        cells.filter((c) => c.share >= 0.01),
        {
          x: 'bCode',
          y: 'aCode',
          text: (d: CrossTabCell) => String(Math.round(d.share * 100)),
          fill: (d: CrossTabCell) => (d.cells > max ** 0.6 ? 'white' : '#1f2937'),
          fontSize: 9,
          pointerEvents: 'none',
        },
      ),
    ],
  });
}

/**
 * Agreement, quantity and allocation disagreement as one bar of the whole; a part wide enough carries its name or
 * share (PontiusPanel lists all three under it).
 */
export function pontiusChart(parts: readonly PontiusPart[], width: number): Element {
  const pct = (d: PontiusPart) => `${(d.share * 100).toFixed(1)} %`;
  const label = (d: PontiusPart) => (d.to - d.from >= 0.25 ? `${d.part} ${pct(d)}` : d.to - d.from >= 0.07 ? pct(d) : '');
  return Plot.plot({
    width,
    height: 62,
    marginLeft: 14,
    marginRight: 16,
    marginTop: 4,
    marginBottom: 22,
    style: CHART_FONT,
    x: { domain: [0, 1], ticks: 5, tickFormat: (v: number) => `${Math.round(v * 100)}%`, label: null },
    y: { axis: null, domain: [0, 1] },
    marks: [
      Plot.rectX(parts, { x1: 'from', x2: 'to', y1: 0, y2: 1, fill: 'color', ...BAR_OUTLINE, title: (d: PontiusPart) => `${d.part}: ${pct(d)}` }),
      Plot.text(parts, { x: (d: PontiusPart) => (d.from + d.to) / 2, y: 0.5, text: label, fill: 'white', fontWeight: 600 }),
    ],
  });
}

/** Each present class's area in A and B, one pair of bars per class in its colour (B paler), km². */
export function areaChart(bars: readonly AreaBar[], width: number): Element {
  const codes = [...new Set(bars.map((b) => b.code))];
  return Plot.plot({
    width,
    height: 30 + codes.length * 30,
    marginLeft: 30,
    marginRight: 62,
    marginTop: 22,
    style: CHART_FONT,
    x: { grid: true, label: 'km²', axis: 'top', ticks: 4 },
    fy: { domain: codes, label: null, tickSize: 0, axis: 'left' },
    y: { domain: ['A', 'B'], axis: null, padding: 0.1 },
    marks: [
      Plot.barX(bars, {
        x: 'km2',
        y: 'map',
        fy: 'code',
        fill: 'color',
        fillOpacity: (d: AreaBar) => (d.map === 'A' ? 1 : 0.55),
        ...BAR_OUTLINE,
        title: (d: AreaBar) => `LCZ ${d.code} in ${d.map}: ${d.km2.toFixed(2)} km² (${d.percent.toFixed(1)} %)`,
      }),
      Plot.text(bars, {
        x: 'km2',
        y: 'map',
        fy: 'code',
        text: (d: AreaBar) => `${d.map} ${d.percent.toFixed(1)}%`,
        dx: 4,
        textAnchor: 'start',
        fill: '#374151',
        fontSize: 9,
      }),
      Plot.ruleX([0]),
    ],
  });
}
