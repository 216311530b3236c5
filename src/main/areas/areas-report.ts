/** report.md of a map made from training areas: how it was trained, its bootstrap accuracy, what to look at. */
import { basename } from 'node:path';
import type { AreasAccuracy } from '../../shared/contract/areas';
import type { ResultSummary } from '../../shared/contract/results';
import { classifierSentence } from '../../shared/areas-classifier';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import { classLabel } from './class-folders';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(100 * x).toFixed(1)} %`);

/** Mean and standard deviation of the non-null values, as "mean ± sd". */
function spread(values: readonly (number | null)[]): string {
  const v = values.filter((x): x is number => x !== null);
  if (!v.length) return '-';
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return `${(100 * mean).toFixed(1)} ± ${(100 * sd).toFixed(1)} %`;
}

export function areasReport(s: ResultSummary, a: AreasAccuracy, extraFiles: Record<string, string>): string {
  const lines = [
    `# ${s.name}`,
    '',
    s.synthetic ? '> Synthetic demo data: an imaginary city, not a real place.\n' : '',
    `Made ${s.createdAt} by ${s.createdBy} from \`${s.scene.name}\` and ${a.classes.reduce((n, c) => n + c.areas, 0)} training areas of ${a.classes.length} classes (${a.trainingCells.toLocaleString('en-US')} ${a.cnn ? 'patches' : 'cells'}), ${classifierSentence(a, (dir) => `\`${dir}\``)}.`,
    '',
    `- Classifier: ${a.cnn ? 'CNN' : 'random forest'}`,
    `- Grid: ${s.grid.width} x ${s.grid.height} cells of ${s.settings.resolutionM} m, ${s.grid.crs}`,
    `- Filter: the generator's per-class Gaussian filter; ${s.stats.filterChangedCells ?? 0} cells changed class (the raw map is \`${extraFiles.raw}\`; the confidence layers describe the class drawn)`,
    `- Cells mapped: ${s.stats.predictedCells.toLocaleString('en-US')} of ${s.stats.cells.toLocaleString('en-US')}; mean probability of the class drawn: ${pct(s.confidence.meanMaxProbability)}`,
    '',
    `## Bootstrap accuracy (${a.runs.length} runs, 70/30 split by polygon)`,
    '',
    a.cnn ? `> ${a.cnn.note}\n` : '',
  ];
  if (a.runs.length) {
    lines.push(
      '| measure | mean ± sd |',
      '|---|---|',
      `| OA | ${spread(a.runs.map((r) => r.oa))} |`,
      `| OA_u (urban) | ${spread(a.runs.map((r) => r.oaU))} |`,
      `| OA_bu (built vs natural) | ${spread(a.runs.map((r) => r.oaBU))} |`,
      `| OA_w (weighted) | ${spread(a.runs.map((r) => r.oaW))} |`,
      '',
      '| LCZ | class | areas | cells | mean F1 |',
      '|---|---|---:|---:|---:|',
      ...a.classes.map((c) => `| ${LCZ_CLASSES[c.lcz - 1]!.code} | ${LCZ_CLASSES[c.lcz - 1]!.name} | ${c.areas} | ${c.cells} | ${a.meanF1[c.lcz - 1] === null ? '-' : a.meanF1[c.lcz - 1]!.toFixed(2)} |`),
      '',
    );
  } else lines.push('No bootstrap was asked for.', '');
  if (a.suspicious.length) {
    lines.push('## Suspicious training areas', '', 'Most of their cells went to another class when they were held out: check their class and outline.', '');
    for (const x of a.suspicious) lines.push(`- ${classLabel(x.lcz)} area ${x.name ? `"${x.name}" ` : ''}(${x.id}): ${pct(x.otherShare)} of its cells taken for ${classLabel(x.assignedLcz)}`);
    lines.push('');
  }
  const warnings = a.problems.filter((p) => p.severity === 'warning');
  if (warnings.length) lines.push('## Checks', '', ...warnings.map((p) => `- ${p.message}`), '');
  if (s.accuracy) lines.push(`## Accuracy against \`${basename(s.accuracy.truthPath)}\``, '', `OA ${pct(s.accuracy.oa)}, kappa ${s.accuracy.kappa.toFixed(3)} over ${s.accuracy.n.toLocaleString('en-US')} cells.`, '');
  lines.push('## Class areas', '', '| LCZ | class | km² | % |', '|---|---|---:|---:|');
  for (const c of s.areas) lines.push(`| ${LCZ_CLASSES[c.value - 1]!.code} | ${LCZ_CLASSES[c.value - 1]!.name} | ${c.km2.toFixed(2)} | ${c.percent.toFixed(1)} |`);
  lines.push('', '## Files', '', `- \`${s.files.lcz}\`: the LCZ map (Gaussian-filtered), a Cloud Optimized GeoTIFF with \`${s.files.style}\``);
  lines.push(`- \`${extraFiles.raw}\`: the LCZ map before the filter`, `- \`${s.files.probabilities}\`: 17 bands, probability of each LCZ x 10,000`);
  lines.push(`- \`${s.files.confidence}\`: probability of the class drawn, margin, normalised entropy, x 10,000`);
  lines.push(`- \`${extraFiles.accuracy}\`: the bootstrap runs, mean confusion matrix, suspicious areas, checks`, `- \`${extraFiles.areas}\`: the training areas used (GeoJSON)`);
  if (a.cnn) lines.push(`- \`${basename(a.cnn.patchesFile)}\`: the patches the CNN was trained on (So2Sat LCZ42 format)`, `- \`${basename(a.cnn.bundle)}/\`: the CNN as a model bundle (it maps other scenes with \`lcz map --model\`)`);
  lines.push('');
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}
