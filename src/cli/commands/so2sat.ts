import { Option, type Command } from 'commander';
import type { DatasetInfo } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import { MAX_SYNTHETIC_PATCHES } from '../../shared/contract/jobs';
import { request } from '../cli-core';
import { createProgressReporter } from '../progress-bar';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';
import { wholeNumber } from '../whole-number';
import { registerSo2SatCut } from './so2sat-cut';

const count = (n: number) => n.toLocaleString('en-US');

/** The dataset the labels are read from: the one-hot labels (label, or y), else the annotators' votes. */
const labelDataset = (info: DatasetInfo) => ['label', 'y', 'y_distributional_urban'].find((name) => name in info.datasets) ?? 'label';

/** `so2sat info --json`: the datasets and class counts; the rest only where something was found, or asked for. */
interface InfoJson {
  patches: number;
  datasets: DatasetInfo['datasets'];
  classCounts: number[];
  nonOneHotRows?: number;
  firstNonOneHot?: number | null;
  badVoteRows?: number;
  firstBadVotes?: number | null;
  /** Non-finite values by dataset: the labels, and the patches when statistics were computed. */
  nonFinite?: Record<string, number>;
  statistics?: Record<string, { mean: number[]; std: number[] }>;
}

function infoJson(info: DatasetInfo): InfoJson {
  const { labelIssues: issues } = info;
  const json: InfoJson = { patches: info.patches, datasets: info.datasets, classCounts: info.classCounts };
  if (issues.nonOneHotRows) Object.assign(json, { nonOneHotRows: issues.nonOneHotRows, firstNonOneHot: issues.firstNonOneHot });
  if (issues.badVoteRows) Object.assign(json, { badVoteRows: issues.badVoteRows, firstBadVotes: issues.firstBadVotes });
  const nonFinite: Record<string, number> = {};
  if (issues.nonFinite) nonFinite[labelDataset(info)] = issues.nonFinite;
  const measured = Object.entries(info.statistics ?? {}).flatMap(([dataset, s]) => (s ? [[dataset, s] as const] : []));
  for (const [dataset, s] of measured) if (s.nonFinite) nonFinite[dataset] = s.nonFinite;
  if (Object.keys(nonFinite).length) json.nonFinite = nonFinite;
  if (info.statistics) json.statistics = Object.fromEntries(measured.map(([dataset, s]) => [dataset, { mean: s.mean, std: s.std }]));
  return json;
}

function formatInfo(path: string, info: DatasetInfo): string {
  const json = infoJson(info);
  const { labelIssues: issues } = info;
  const total = info.classCounts.reduce((a, b) => a + b, 0);
  const width = Math.max(...Object.keys(info.datasets).map((n) => n.length));
  const lines = [
    `File:       ${path}`,
    `Layout:     ${info.variant === 'full' ? 'So2Sat LCZ42 (sen2, label; sen1 when present)' : 'So2Sat LCZ42 label-distribution subset (sen2, y, y_distributional_urban)'}`,
    `Patches:    ${count(info.patches)}`,
    'Datasets:',
    ...Object.entries(info.datasets).map(([name, d]) => `  ${name.padEnd(width)}  ${d.shape.join(' x ')}  ${d.dtype}`),
    'Classes:',
    ...info.classCounts.map((n, i) => {
      const cls = LCZ_CLASSES[i]!;
      const share = total ? ((100 * n) / total).toFixed(1) : '0.0';
      return `  LCZ ${cls.code.padEnd(2)} ${cls.name.padEnd(21)} ${count(n).padStart(9)}  ${share.padStart(5)} %`;
    }),
  ];
  if (issues.nonOneHotRows) lines.push(`Warning:    ${count(issues.nonOneHotRows)} label rows are not one-hot (first: patch ${issues.firstNonOneHot}); they are not counted above`);
  if (issues.badVoteRows) lines.push(`Warning:    ${count(issues.badVoteRows)} vote rows make no distribution (first: patch ${issues.firstBadVotes})`);
  for (const [name, n] of Object.entries(json.nonFinite ?? {})) lines.push(`Warning:    ${name} holds ${count(n)} non-finite values (NaN or infinite)`);
  for (const [name, s] of Object.entries(json.statistics ?? {})) {
    lines.push(`${name} mean: ${s.mean.map((v) => v.toFixed(5)).join(', ')}`);
    lines.push(`${name} std:  ${s.std.map((v) => v.toFixed(5)).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerSo2Sat(program: Command): void {
  const so2sat = program.command('so2sat').description('So2Sat LCZ42 training data (HDF5): describe files, make synthetic ones, cut patches from a scene and an LCZ map');

  so2sat
    .command('info')
    .description('describe a So2Sat LCZ42 HDF5 file: patches, datasets (shape, type), class counts; checks the labels')
    .argument('<file.h5>', 'a So2Sat LCZ42 file (training.h5, validation.h5, testing.h5, the label-distribution subset, or one made by lcz so2sat synth)')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--stats', 'also compute per-band mean and std of sen2 (and sen1) in one pass over every patch, counting non-finite values (slow on big files)')
    .action(async (file: string, options: { json?: boolean; stats?: boolean }) => {
      const controller = new AbortController();
      const reporter = options.stats ? createProgressReporter() : null;
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      try {
        const info = await request('datasets/inspect', { path: file, statistics: Boolean(options.stats) }, { signal: controller.signal, onProgress: (p) => reporter?.update(p) });
        reporter?.stop();
        process.stdout.write(options.json ? `${JSON.stringify(infoJson(info))}\n` : formatInfo(file, info));
      } catch (error) {
        reporter?.stop();
        if (controller.signal.aborted) {
          process.stderr.write('lcz: so2sat info cancelled.\n');
          process.exit(130);
        }
        throw error;
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    });

  so2sat
    .command('synth')
    .description('write a So2Sat LCZ42-format HDF5 file of 32 x 32 patches cut from synthetic cities (sen2 reflectance, one-hot labels), to train and test without the real data')
    .requiredOption('--n <patches>', `number of patches (1-${count(MAX_SYNTHETIC_PATCHES)}); classes are balanced by capping the most common`, wholeNumber)
    .requiredOption('--out <file.h5>', 'the file to write (written whole or not at all)')
    .option('--seed <n>', 'random seed: the same seed gives the same file', wholeNumber, 1)
    .addOption(new Option('--dtype <type>', 'value type of the datasets (the real files are float64)').choices(['float32', 'float64']).default('float32'))
    .option('--sen1', 'also write sen1: simulated Sentinel-1 SAR (speckled, class-dependent backscatter)')
    .option('--gzip', 'store datasets chunked (16 patches) and gzip-compressed')
    .action(async (options: { n: number; out: string; seed: number; dtype: 'float32' | 'float64'; sen1?: boolean; gzip?: boolean }) => {
      if (options.n < 1 || options.n > MAX_SYNTHETIC_PATCHES) throw new UserError(`the number of patches is ${options.n}; give a whole number from 1 to ${count(MAX_SYNTHETIC_PATCHES)}`);
      if (options.seed > 2_147_483_647) throw new UserError(`the seed is ${options.seed}; give a whole number from 0 to 2147483647`);
      const outputs = await runJobFromCli({
        kind: 'so2sat-synth',
        params: { out: resolveOutputPath(options.out, '--out'), patches: options.n, seed: options.seed, dtype: options.dtype, sen1: options.sen1 ?? false, gzip: options.gzip ?? false },
      });
      for (const file of outputs) process.stdout.write(`${file}\n`);
    });

  registerSo2SatCut(so2sat);
}
