import { basename } from 'node:path';
import type { Comparison } from '../../shared/contract/compare';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import { EXACT_BELOW } from '../metrics/mcnemar';
import { pairLabel } from './difference-codes';
import { COG_MAX_CELLS } from './write-comparison';

const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)} %`);
const num = (x: number | null, digits = 3): string => (x === null ? '-' : x.toFixed(digits));
const cells = (n: number): string => n.toLocaleString('en-US');

/** report.md: the comparison on a page an analyst can read or attach; comparison.json holds the same, and more. */
export function comparisonReport(c: Comparison): string {
  const { a, b, truth } = c.inputs;
  const lines = [
    `# ${a.name} compared with ${b.name}`,
    '',
    ...([a, b, truth].some((m) => m?.synthetic) ? ['> Synthetic demo data: an imaginary city, not a real place.', ''] : []),
    `- A: \`${a.path}\` (${a.kind === 'result' ? 'mapping result' : 'LCZ map'}), ${a.width} x ${a.height} cells, ${a.crs.name}: the grid everything is counted on`,
    `- B: \`${b.path}\` (${b.kind === 'result' ? 'mapping result' : 'LCZ map'}), ${b.width} x ${b.height} cells, ${b.crs.name}${b.resampled ? ', **resampled onto A\'s grid (nearest neighbour)**' : ', same grid as A'}`,
    ...(truth ? [`- Reference: \`${truth.path}\`, ${truth.crs.name}${truth.resampled ? ', resampled onto A\'s grid (nearest neighbour)' : ', same grid as A'}`] : []),
    `- Compared: ${cells(c.cells.compared)} cells (${c.cells.km2.toFixed(2)} km²) where both hold a class; A has ${cells(c.cells.a)}, B ${cells(c.cells.b)}`,
    '',
    '## Agreement',
    '',
    `Agreement ${pct(c.agreement)}, kappa ${num(c.kappa)}. Of the ${pct(1 - c.agreement)} disagreement (Pontius and Millones 2011), ` +
      `**quantity ${pct(c.quantityDisagreement)}** comes from different amounts of the classes and **allocation ${pct(c.allocationDisagreement)}** from the same amounts in different places.`,
    '',
  ];
  if (c.probabilities) {
    const p = c.probabilities;
    lines.push(
      '## Confidence and probabilities',
      '',
      '| | where A and B agree | where they disagree |',
      '|---|---:|---:|',
      `| mean max probability of A | ${pct(p.confidence.a.agree)} | ${pct(p.confidence.a.disagree)} |`,
      `| mean max probability of B | ${pct(p.confidence.b.agree)} | ${pct(p.confidence.b.disagree)} |`,
      '',
      `Mean Jensen-Shannon divergence of the two maps' class probabilities (base 2: 0 the same, 1 nothing in common): ${num(p.meanDivergence)} over ${cells(p.divergenceCells)} cells.`,
      '',
    );
  }
  if (c.truth && c.mcnemar) {
    const m = c.mcnemar;
    const method = m.method === 'chi-square' ? 'chi-square with continuity correction' : `exact binomial (fewer than ${EXACT_BELOW} discordant cells)`;
    lines.push(
      `## Against the reference \`${basename(truth!.path)}\``,
      '',
      `On the ${cells(c.truth.cells)} cells where all three hold a class:`,
      '',
      '| | OA | kappa | mean F1 |',
      '|---|---:|---:|---:|',
      `| A | ${pct(c.truth.a.oa)} | ${num(c.truth.a.kappa)} | ${num(c.truth.a.macroF1)} |`,
      `| B | ${pct(c.truth.b.oa)} | ${num(c.truth.b.kappa)} | ${num(c.truth.b.macroF1)} |`,
      '',
      `McNemar's test: ${cells(m.b)} cells only A gets right, ${cells(m.c)} only B; statistic ${num(m.statistic, 2)}, p = ${m.pValue.toPrecision(3)} (${method}).`,
      '',
    );
  }
  lines.push('## Classes', '', '| LCZ | class | A km² | A % | B km² | B % | B - A km² | F1 of B against A |', '|---|---|---:|---:|---:|---:|---:|---:|');
  LCZ_CLASSES.forEach((k, i) => {
    if (c.areaKm2.a[i] === 0 && c.areaKm2.b[i] === 0) return;
    lines.push(
      `| ${k.code} | ${k.name} | ${c.areaKm2.a[i]!.toFixed(2)} | ${c.areaPercent.a[i]!.toFixed(1)} | ${c.areaKm2.b[i]!.toFixed(2)} | ${c.areaPercent.b[i]!.toFixed(1)} | ${c.areaDifferenceKm2[i]!.toFixed(2)} | ${num(c.f1[i] ?? null, 2)} |`,
    );
  });
  const largest = [...c.difference.pairs].sort((x, y) => y.cells - x.cells).slice(0, 10);
  if (largest.length) {
    lines.push('', '## Largest disagreements', '', '| A → B | cells | share of compared | code in difference.tif |', '|---|---:|---:|---:|');
    for (const p of largest) lines.push(`| ${pairLabel(p.a, p.b)} | ${cells(p.cells)} | ${pct(p.cells / c.cells.compared)} | ${p.code} |`);
  }
  lines.push(
    '',
    '## Files',
    '',
    `- \`${c.files.difference}\`: Byte, 0 no data, 1 agreement, ${c.difference.pairs.length ? `2-${1 + c.difference.pairs.length} one class pair (A → B) each` : 'no disagreeing pair'}${c.difference.other ? ', 255 other pairs' : ''}; colour of the class in B; codes in comparison.json`,
    `- \`${c.files.differenceStyle}\`: QGIS style with the pairs as legend`,
    ...(c.files.divergence ? [`- \`${c.files.divergence}\`: Jensen-Shannon divergence x 10,000 (UInt16, 65535 = no data)`] : []),
    `- \`${c.files.comparison}\`: everything above and the cross-tabulation (cells and km²), machine-readable`,
    '',
    c.cloudOptimized ? 'The rasters are Cloud Optimized GeoTIFFs.' : `The rasters are DEFLATE GeoTIFFs without overviews: over ${cells(COG_MAX_CELLS)} cells they are written as they are computed, to keep memory flat (gdaladdo adds overviews).`,
    '',
    ...(c.notes.length ? ['## Notes', '', ...c.notes.map((n) => `- ${n}`), ''] : []),
  );
  return lines.join('\n');
}
