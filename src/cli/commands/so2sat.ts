import { InvalidArgumentError, Option, type Command } from 'commander';
import { UserError } from '../../shared/errors';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import type { So2SatVariant } from '../../main/so2sat/layout';
import type { So2SatInfo } from '../../main/so2sat/so2sat-info';
import { MAX_SYNTHETIC_PATCHES } from '../../shared/contract/jobs';
import { createProgressReporter } from '../progress-bar';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';

function integer(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('give a whole number.');
  return n;
}

const count = (n: number) => n.toLocaleString('en-US');

function formatInfo(path: string, info: So2SatInfo, variant: So2SatVariant): string {
  const total = info.classCounts.reduce((a, b) => a + b, 0);
  const width = Math.max(...Object.keys(info.datasets).map((n) => n.length));
  const lines = [
    `File:       ${path}`,
    `Layout:     ${variant === 'full' ? 'So2Sat LCZ42 (sen2, label; sen1 when present)' : 'So2Sat LCZ42 label-distribution subset (sen2, y, y_distributional_urban)'}`,
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
  if (info.nonOneHotRows) lines.push(`Warning:    ${count(info.nonOneHotRows)} label rows are not one-hot (first: patch ${info.firstNonOneHot}); they are not counted above`);
  if (info.badVoteRows) lines.push(`Warning:    ${count(info.badVoteRows)} vote rows make no distribution (first: patch ${info.firstBadVotes})`);
  for (const [name, n] of Object.entries(info.nonFinite ?? {})) lines.push(`Warning:    ${name} holds ${count(n)} non-finite values (NaN or infinite)`);
  for (const [name, s] of Object.entries(info.statistics ?? {})) {
    lines.push(`${name} mean: ${s.mean.map((v) => v.toFixed(5)).join(', ')}`);
    lines.push(`${name} std:  ${s.std.map((v) => v.toFixed(5)).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerSo2Sat(program: Command): void {
  const so2sat = program.command('so2sat').description('So2Sat LCZ42 training data (HDF5): describe files, make synthetic ones');

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
        const { so2satInfo } = await import('../../main/so2sat/so2sat-info');
        const { info, variant } = await so2satInfo(file, { statistics: options.stats, signal: controller.signal, onProgress: (p) => reporter?.update(p) });
        reporter?.stop();
        process.stdout.write(options.json ? `${JSON.stringify(info)}\n` : formatInfo(file, info, variant));
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
    .requiredOption('--n <patches>', `number of patches (1-${count(MAX_SYNTHETIC_PATCHES)}); classes are balanced by capping the most common`, integer)
    .requiredOption('--out <file.h5>', 'the file to write (written whole or not at all)')
    .option('--seed <n>', 'random seed: the same seed gives the same file', integer, 1)
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
}
