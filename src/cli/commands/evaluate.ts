import type { Command } from 'commander';
import type { OutputOf } from '../../shared/contract';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import { request } from '../cli-core';

function table(m: OutputOf<'maps/evaluate'>): string {
  const lines = [
    `Cells compared: ${m.n}`,
    `OA:     ${(100 * m.oa).toFixed(2)} %`,
    `Kappa:  ${m.kappa.toFixed(4)}`,
    `OA_u:   ${m.oaUrban === null ? '-' : `${(100 * m.oaUrban).toFixed(2)} %`}   OA_bu: ${(100 * m.oaBuiltNatural).toFixed(2)} %`,
    `Mean F1: ${m.macroF1 === null ? '-' : m.macroF1.toFixed(4)}`,
    '',
    'LCZ  class                  precision  recall     F1   support',
  ];
  m.perClass.forEach((c, i) => {
    if (c.f1 === null) return;
    const lcz = LCZ_CLASSES[i]!;
    const f = (x: number | null) => (x === null ? '     -' : x.toFixed(3).padStart(6));
    lines.push(`${lcz.code.padEnd(4)} ${lcz.name.padEnd(22)} ${f(c.precision)}    ${f(c.recall)}  ${f(c.f1)}  ${String(c.support).padStart(7)}`);
  });
  lines.push('', 'Confusion matrix (rows: truth, columns: map), LCZ 1-10, A-G:', `      ${LCZ_CLASSES.map((c) => c.code.padStart(6)).join('')}`);
  m.confusion.forEach((row, i) => lines.push(`${LCZ_CLASSES[i]!.code.padStart(5)} ${row.map((n) => String(n).padStart(6)).join('')}`));
  return `${lines.join('\n')}\n`;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('accuracy of an LCZ map against a reference map: OA, kappa, per-class F1, confusion matrix')
    .requiredOption('--map <lcz.tif>', 'the LCZ map to assess')
    .requiredOption('--truth <lcz.tif>', 'the reference LCZ map (any grid or CRS: compared at the map cell centres)')
    .option('--json', 'print one JSON object: {"oa", "kappa", "f1" (17, null where a class is absent), "confusion" (17 x 17, rows truth), ...}')
    .action(async (options: { map: string; truth: string; json?: boolean }) => {
      const m = await request('maps/evaluate', { map: options.map, truth: options.truth });
      if (options.json) {
        const out = { oa: m.oa, kappa: m.kappa, f1: m.perClass.map((c) => c.f1), confusion: m.confusion, n: m.n, macroF1: m.macroF1, oaUrban: m.oaUrban, oaBuiltNatural: m.oaBuiltNatural };
        process.stdout.write(`${JSON.stringify(out)}\n`);
      } else process.stdout.write(table(m));
    });
}
