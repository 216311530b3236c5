import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Comparison } from '../../shared/contract';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { runJobFromCli } from '../run-job';

interface CompareOptions {
  a: string;
  b: string;
  truth?: string;
  out: string;
  json?: boolean;
}

/** --json: the figures a script wants, one object (comparison.json in the folder holds everything). */
export function comparisonJson(c: Comparison) {
  return {
    agreement: c.agreement,
    kappa: c.kappa,
    quantityDisagreement: c.quantityDisagreement,
    allocationDisagreement: c.allocationDisagreement,
    crossTab: c.crossTab,
    areaKm2: c.areaKm2,
    cells: { compared: c.cells.compared, km2: c.cells.km2 },
    truth: c.truth ? { a: { oa: c.truth.a.oa, kappa: c.truth.a.kappa }, b: { oa: c.truth.b.oa, kappa: c.truth.b.kappa } } : null,
    mcnemar: c.mcnemar ? { statistic: c.mcnemar.statistic, pValue: c.mcnemar.pValue } : null,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The comparison in a few lines for a terminal; report.md says it at length. */
function summaryText(c: Comparison, files: string[]): string {
  const { a, b } = c.inputs;
  const lines = [
    `A: ${a.name} (${a.path})`,
    `B: ${b.name} (${b.path})`,
    ...(c.inputs.truth ? [`Truth: ${c.inputs.truth.name} (${c.inputs.truth.path})`] : []),
    ...([a, b, c.inputs.truth].some((m) => m?.synthetic) ? ['Synthetic demo data: an imaginary city, not a real place.'] : []),
    `Cells compared: ${c.cells.compared.toLocaleString('en-US')} (${c.cells.km2.toFixed(2)} km²)`,
    `Agreement: ${pct(c.agreement)}  kappa ${c.kappa.toFixed(3)}`,
    `Disagreement: ${pct(1 - c.agreement)} = quantity ${pct(c.quantityDisagreement)} + allocation ${pct(c.allocationDisagreement)}`,
  ];
  if (c.truth && c.mcnemar) {
    lines.push(
      `Against the truth (${c.truth.cells.toLocaleString('en-US')} cells): A OA ${pct(c.truth.a.oa)} (kappa ${c.truth.a.kappa.toFixed(3)}), B OA ${pct(c.truth.b.oa)} (kappa ${c.truth.b.kappa.toFixed(3)})`,
      `McNemar (${c.mcnemar.method}): statistic ${c.mcnemar.statistic.toFixed(3)}, p = ${c.mcnemar.pValue.toPrecision(3)}`,
    );
  }
  lines.push(...c.notes.map((n) => `Note: ${n}`), '', ...files);
  return `${lines.join('\n')}\n`;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two LCZ maps (teacher and student, two models, two dates): agreement, kappa, Pontius disagreement, cross-tabulation, difference map')
    .requiredOption('--a <map-or-result>', 'the first map: an LCZ GeoTIFF or a mapping result folder; its grid is the one counted on')
    .requiredOption('--b <map-or-result>', 'the second map: resampled onto the first one\'s grid (nearest neighbour) when the grids or CRSs differ')
    .option('--truth <lcz.tif>', 'a reference LCZ map: score both maps against it (OA, kappa, F1) and test their difference (McNemar)')
    .requiredOption('--out <dir>', 'the comparison folder: new, empty, or an earlier comparison (replaced when the new one is complete)')
    .option('--json', 'print one JSON object: {"agreement", "kappa", "quantityDisagreement", "allocationDisagreement", "crossTab" (17 x 17 cells, rows a), "areaKm2" {"a", "b"}, "cells", "truth" {"a", "b": {"oa", "kappa"}} and "mcnemar" {"statistic", "pValue"} (null without --truth)}')
    .action(async (options: CompareOptions) => {
      const outDir = resolveOutputPath(options.out, '--out');
      const files = await runJobFromCli({
        kind: 'compare',
        params: { a: resolve(options.a), b: resolve(options.b), truth: options.truth ? resolve(options.truth) : null, outDir },
      });
      const comparison = await request('compare/summary', { dir: outDir });
      process.stdout.write(options.json ? `${JSON.stringify(comparisonJson(comparison))}\n` : summaryText(comparison, files));
    });
}
