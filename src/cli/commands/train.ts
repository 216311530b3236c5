import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { FUSIONS, INPUT_MODES, type MemberSpec, type NonFiniteCounts, type RunFile, type TrainParamsInput } from '../../shared/contract/training';
import type { Evaluation } from '../../shared/contract/evaluation';
import { UserError } from '../../shared/errors';
import { ARCH_IDS, isArchId } from '../../shared/architectures';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { runJobFromCli } from '../run-job';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const number = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('give a number.');
  return n;
};

/** "resnet18", "resnet18:rgb", "resnet18:rand3:7" or "mobilenet:all:3:0.5": arch[:inputs[:seed[:width]]]. */
export function parseMember(text: string, index: number): MemberSpec {
  const [arch = '', inputs = 'all', seed, width] = text.split(':');
  if (!isArchId(arch)) throw new UserError(`--member ${text}: "${arch}" is not an architecture (${ARCH_IDS.join(', ')})`);
  if (!(INPUT_MODES as readonly string[]).includes(inputs)) throw new UserError(`--member ${text}: "${inputs}" is not an input mode (${INPUT_MODES.join(', ')})`);
  const s = seed === undefined ? index + 1 : Number(seed);
  const w = width === undefined ? 1 : Number(width);
  if (!Number.isInteger(s) || s < 0) throw new UserError(`--member ${text}: the seed must be a whole number`);
  if (!(w > 0 && w <= 4)) throw new UserError(`--member ${text}: the width must be in (0, 4]`);
  return { arch, inputs: inputs as MemberSpec['inputs'], seed: s, width: w };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** "sen2 12, sen1 3" for the datasets that hold any; null when none does. */
function nonFiniteText(counts: NonFiniteCounts | null | undefined): string | null {
  const parts = (['sen2', 'sen1'] as const).filter((d) => counts && counts[d] > 0).map((d) => `${d} ${counts![d].toLocaleString('en-US')}`);
  return parts.length ? parts.join(', ') : null;
}

/** A line on the non-finite values (NaN, infinite) the run met in its files, or nothing when there were none. */
export function formatNonFinite(run: Pick<RunFile, 'nonFinite' | 'params'>): string {
  const lines: string[] = [];
  const train = nonFiniteText(run.nonFinite.train);
  const test = nonFiniteText(run.nonFinite.test);
  if (train) lines.push(`Non-finite values (NaN or infinite) in ${run.params.train}: ${train}; read as the band mean\n`);
  if (test && run.params.test) lines.push(`Non-finite values (NaN or infinite) in ${run.params.test}: ${test}; read as the band mean\n`);
  return lines.join('');
}

/** The evaluation as a few lines: each member and the ensemble, accuracy and calibration. */
export function formatEvaluation(e: Evaluation & { nonFinite?: NonFiniteCounts }): string {
  const row = (name: string, s: Evaluation['members'][number]['scores']) =>
    `  ${name.padEnd(44)} OA ${pct(s.oa).padStart(7)}  kappa ${s.kappa.toFixed(3)}  OA_w ${pct(s.oaWeighted).padStart(7)}  ECE ${pct(s.calibrationBefore.ece)} -> ${pct(s.calibrationAfter.ece)} (T ${s.temperature.toFixed(2)})`;
  const lines = [`Evaluated on ${e.data}:`, ...e.members.map((m) => row(m.name, m.scores))];
  if (e.ensemble) lines.push(row(`ensemble (${e.ensemble.fusion})`, e.ensemble.scores));
  const bad = nonFiniteText(e.nonFinite);
  if (bad) lines.push(`  the data scored held non-finite values (${bad}), read as the band mean`);
  return `${lines.join('\n')}\n`;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train an LCZ classifier or a teacher ensemble on So2Sat LCZ42-format HDF5 data; evaluates it and writes mapping bundles')
    .option('--train <file.h5>', 'training data (So2Sat LCZ42 format: sen2, label; sen1 for SAR members)')
    .option('--test <file.h5>', 'held-out data for the final evaluation (default: half of the validation split)')
    .option('--member <spec>', `a member, arch[:inputs[:seed[:width]]]; repeat for an ensemble. arch: ${ARCH_IDS.join(', ')}; inputs: ${INPUT_MODES.join(', ')}`, collect, [])
    .option('--out <dir>', 'the run folder, new or empty (run.json, checkpoints, evaluation.json, bundles/); an existing run is continued with --resume')
    .option('--resume <dir>', 'continue a run from its last checkpoints (other options are taken from the run)')
    .option('--epochs <n>', 'epochs per member', number, 10)
    .option('--batch <n>', 'batch size', number, 64)
    .option('--lr <rate>', 'learning rate (AdamW)', number, 1e-3)
    .option('--weight-decay <w>', 'decoupled weight decay on kernels', number, 1e-4)
    .addOption(new Option('--schedule <schedule>', 'learning-rate schedule').choices(['cosine', 'constant']).default('cosine'))
    .option('--no-augment', 'no rot90/flip augmentation')
    .option('--validation <share>', 'share of the training data held out for validation', number, 0.1)
    .option('--max-patches <n>', 'use at most this many training patches (quick runs)', number)
    .addOption(new Option('--normalisation <source>', 'band statistics: So2Sat published ones, or computed from the training file').choices(['published', 'file']).default('published'))
    .addOption(new Option('--fusion <rule>', 'how the ensemble is fused when evaluated').choices([...FUSIONS]).default('sum-rule'))
    .option('--name <name>', 'the run name')
    .action(async (o: Record<string, unknown>) => {
      let outputs: string[];
      if (o.resume) {
        outputs = await runJobFromCli({ kind: 'resume-training', params: { runDir: resolveOutputPath(String(o.resume), '--resume') } });
      } else {
        if (!o.train || o.out === undefined) throw new UserError('give --train <file.h5> and --out <dir> (or --resume <dir>)');
        const members = (o.member as string[]).length ? (o.member as string[]).map(parseMember) : [parseMember('sen2lcz-net', 0)];
        const params: TrainParamsInput = {
          train: resolve(String(o.train)),
          test: o.test ? resolve(String(o.test)) : null,
          members,
          epochs: o.epochs as number,
          batchSize: o.batch as number,
          learningRate: o.lr as number,
          weightDecay: o.weightDecay as number,
          schedule: o.schedule as 'cosine' | 'constant',
          augment: o.augment as boolean,
          validationShare: o.validation as number,
          maxPatches: (o.maxPatches as number | undefined) ?? null,
          normalisation: o.normalisation as 'published' | 'file',
          fusion: o.fusion as (typeof FUSIONS)[number],
          runDir: resolveOutputPath(String(o.out), '--out'),
          ...(o.name ? { name: String(o.name) } : {}),
        };
        outputs = await runJobFromCli({ kind: 'train', params });
      }
      const { status: run, evaluation } = await request('runs/get', { dir: resolve(outputs[0]!, '..') });
      const { backend } = run;
      if (backend) process.stderr.write(`Trained on the ${backend.name} backend (${backend.version}; ${backend.threads} thread${backend.threads === 1 ? '' : 's'}${backend.simd ? ', SIMD' : ''})\n`);
      process.stderr.write(formatNonFinite(run));
      if (evaluation) process.stderr.write(formatEvaluation(evaluation));
      for (const file of outputs) process.stdout.write(`${file}\n`);
    });
}
