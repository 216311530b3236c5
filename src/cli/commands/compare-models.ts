import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { comparisonEntries, modelComparisonSchema, type ModelComparison } from '../../shared/contract/model-comparison';
import { UserError } from '../../shared/errors';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';
import { wholeNumber } from '../whole-number';
import { count, pct } from './bundle-manifest-file';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The report as a table: one row per model, the first the reference of agreement and McNemar's test. */
export function formatComparison(r: ModelComparison): string {
  const head = `  ${'model'.padEnd(36)} ${'kind'.padEnd(7)} ${'OA'.padStart(7)} ${'kappa'.padStart(6)} ${'OA_w'.padStart(7)} ${'ECE'.padStart(15)} ${'agree'.padStart(7)} ${'McNemar p'.padStart(9)} ${'params'.padStart(11)} ${'MACs'.padStart(13)} ${'bytes'.padStart(11)} ${'patches/s'.padStart(10)}`;
  const rows = r.models.map((m) => {
    const s = m.scores;
    const p = m.mcnemar ? (m.mcnemar.pValue < 0.001 ? '<0.001' : m.mcnemar.pValue.toFixed(3)) : '-';
    return `  ${m.name.slice(0, 36).padEnd(36)} ${m.kind.padEnd(7)} ${pct(s.oa).padStart(7)} ${s.kappa.toFixed(3).padStart(6)} ${pct(s.oaWeighted).padStart(7)} ${`${pct(s.calibrationBefore.ece)} -> ${pct(s.calibrationAfter.ece)}`.padStart(15)} ${pct(m.agreement).padStart(7)} ${p.padStart(9)} ${count(m.cost.parameters).padStart(11)} ${count(m.cost.macs).padStart(13)} ${count(m.cost.bytes).padStart(11)} ${count(m.patchesPerSecond).padStart(10)}`;
  });
  return [
    `Compared on ${r.data} (${count(r.patches)} patches); agreement and McNemar's test against the first model`,
    head,
    ...rows,
    `Throughput: ONNX Runtime ${r.machine.onnxruntime}, ${r.machine.threads} threads on ${r.machine.cpu}, median of ${r.throughput.rounds} interleaved rounds of ${r.throughput.batchesPerRound} batches of ${r.throughput.batchSize}`,
    '',
  ].join('\n');
}

export function registerCompareModels(program: Command): void {
  program
    .command('compare-models')
    .description('compare bundles on the same So2Sat test data (e.g. teacher, student, int8, pruned): accuracy, calibration, agreement and McNemar against the first, parameters, MACs, size and ONNX Runtime throughput measured in one run')
    .option('--bundle <dir>', 'a bundle; repeat, the first is the reference', collect, [])
    .requiredOption('--test <file.h5>', 'So2Sat LCZ42-format data to compare on')
    .option('--fit-on <file.h5>', 'fit each bundle temperature on this data (a validation file) instead of using the bundle own')
    .option('--rounds <n>', 'timed rounds of the throughput measurement', wholeNumber, 5)
    .option('--batches <n>', 'batches of 256 patches each model runs per round', wholeNumber, 4)
    .option('--out <dir>', 'keep the report there (report.json, and the predictions as .npy), a new or empty folder')
    .option('--json', 'print one JSON array: per bundle oa, kappa, ece, params, macs, bytes, patchesPerSecond, agreement (with the first)')
    .action(async (o: { bundle: string[]; test: string; fitOn?: string; rounds: number; batches: number; out?: string; json?: boolean }) => {
      if (o.bundle.length === 0) throw new UserError('give the bundles to compare: --bundle <dir>, repeated (the first is the reference)');
      const temp = o.out === undefined ? mkdtempSync(join(tmpdir(), 'lcz-model-comparison-')) : null;
      const outDir = temp ? join(temp, 'report') : resolveOutputPath(o.out!, '--out');
      try {
        const [file] = await runJobFromCli({
          kind: 'compare-models',
          params: { bundles: o.bundle.map((b) => resolve(b)), test: resolve(o.test), fitOn: o.fitOn ? resolve(o.fitOn) : null, outDir, rounds: o.rounds, batches: o.batches },
        });
        const report = modelComparisonSchema.parse(JSON.parse(readFileSync(file!, 'utf8')));
        process.stdout.write(o.json ? `${JSON.stringify(comparisonEntries(report))}\n` : formatComparison(report));
      } finally {
        if (temp) rmSync(temp, { recursive: true, force: true });
      }
    });
}
