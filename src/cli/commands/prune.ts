import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { PRUNING_SCOPES, type BundlePruning, type PruningScope } from '../../shared/bundle-manifest';
import { pruningRatioProblem, type PruneParamsInput } from '../../shared/contract/compression';
import { TEACHER_FUSIONS, type TeacherFusion } from '../../shared/contract/distill-settings';
import { UserError } from '../../shared/errors';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';
import { wholeNumber } from '../whole-number';
import { count, pct, writtenManifest } from './bundle-manifest-file';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const number = (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('give a number.');
  return n;
};

/** Before and after, side by side. */
export function formatPruning(p: BundlePruning, name: string): string {
  const change = (a: number, b: number) => (a > 0 ? `${b >= a ? '+' : '-'}${Math.abs(Math.round((100 * (b - a)) / a))} %` : '');
  const row = (what: string, a: string, b: string, delta: string) => `  ${what.padEnd(12)} ${a.padStart(14)} ${b.padStart(14)}  ${delta}`;
  const tuned = p.finetune ? `fine-tuned ${p.finetune.epochs} epoch${p.finetune.epochs === 1 ? '' : 's'} (${p.finetune.loss === 'cross-entropy' ? 'cross-entropy on the labels' : 'with the teacher'})` : p.source === 'onnx-graph' ? "not fine-tuned (pruned on its ONNX graph; the removed channels' mean output made up for in the next layers' biases)" : 'not fine-tuned';
  const lines = [
    `Pruned "${name}": ${pct(p.removed)} of the prunable filters removed by L1 norm (${p.scope === 'global' ? 'across the model' : 'in each layer'}; ${p.layers.length} convolution${p.layers.length === 1 ? '' : 's'} cut), ${tuned}`,
    row('', 'before', 'after', ''),
    row('parameters', count(p.before.parameters), count(p.after.parameters), change(p.before.parameters, p.after.parameters)),
    row('MACs', count(p.before.macs), count(p.after.macs), change(p.before.macs, p.after.macs)),
    row('bytes', count(p.before.bytes), count(p.after.bytes), change(p.before.bytes, p.after.bytes)),
    row('OA', pct(p.before.oa), pct(p.after.oa), `${(100 * (p.after.oa - p.before.oa)).toFixed(1)} points`),
    `  (OA on ${p.accuracyData})`,
  ];
  if (p.finetune?.loss === 'distillation') {
    const { distillation: d, lastEpoch: e } = p.finetune;
    lines.push(`Teacher: ${d.teacher.map((t) => `"${t.name}"`).join(', ')} (${d.fusion === 'logits' ? 'mean of logits' : 'mean of probabilities'}); T ${d.temperature}, alpha ${d.alpha}`);
    lines.push(`Last fine-tuning epoch: hard loss ${e.hardLoss.toFixed(3)}, soft loss ${e.softLoss.toFixed(3)}; validation agreement with the teacher ${(100 * e.valAgreement).toFixed(1)} %`);
  }
  if (p.keptWhole.length) lines.push(`Kept whole: ${p.keptWhole.map((k) => k.name).join(', ')} (${[...new Set(p.keptWhole.map((k) => k.reason))].slice(0, 2).join('; ')}${p.keptWhole.length > 2 ? '; ...' : ''})`);
  return `${lines.join('\n')}\n`;
}

export function registerPrune(program: Command): void {
  program
    .command('prune')
    .description('structured pruning of a bundle: whole convolution filters removed by L1 norm, the smaller model fine-tuned from its training checkpoint when it has one (with a teacher, on the distillation loss); writes a new bundle')
    .requiredOption('--bundle <dir>', 'the bundle to prune (a bundle of a training run is fine-tuned from its checkpoint; others are pruned on their ONNX graph)')
    .requiredOption('--ratio <share>', 'share of the prunable filters to remove, above 0 and below 1 (e.g. 0.5)', number)
    .requiredOption('--train <file.h5>', 'So2Sat-format data: fine-tuning trains on it, its held-out share measures accuracy before and after')
    .requiredOption('--out <dir>', 'the pruned bundle, a new or empty folder')
    .option('--test <file.h5>', 'measure accuracy before and after on this file instead')
    .addOption(new Option('--scope <scope>', 'each layer loses the same share, or the weakest filters of the whole model go').choices([...PRUNING_SCOPES]).default('layer'))
    .option('--finetune-epochs <n>', 'fine-tuning epochs (default: 3 with a training checkpoint, 0 without)', wholeNumber)
    .option('--lr <rate>', 'fine-tuning learning rate (AdamW, cosine)', number, 2e-4)
    .option('--batch <n>', 'fine-tuning batch size', wholeNumber, 64)
    .option('--validation <share>', 'share of the training data held out from fine-tuning', number, 0.1)
    .option('--max-patches <n>', 'fine-tune on at most this many patches', wholeNumber)
    .option('--teacher <run-or-bundle>', 'fine-tune with this teacher (distillation loss): a training run (its members) or a model bundle; repeat for more', collect, [])
    .option('--T <t>', 'with --teacher: distillation temperature (default 3)', number)
    .option('--alpha <a>', "with --teacher: weight of the labels' cross-entropy; 1 - alpha goes to the teacher (default 0.7)", number)
    .addOption(new Option('--teacher-fusion <rule>', "with --teacher: how the teacher's members are fused, mean of logits (default) or of probabilities").choices([...TEACHER_FUSIONS]))
    .action(async (o: { bundle: string; ratio: number; train: string; out: string; test?: string; scope: PruningScope; finetuneEpochs?: number; lr: number; batch: number; validation: number; maxPatches?: number; teacher: string[]; T?: number; alpha?: number; teacherFusion?: TeacherFusion }) => {
      const problem = pruningRatioProblem(o.ratio);
      if (problem) throw new UserError(`--ratio ${o.ratio}: ${problem}`);
      const settings = { ...(o.T !== undefined ? { temperature: o.T } : {}), ...(o.alpha !== undefined ? { alpha: o.alpha } : {}), ...(o.teacherFusion ? { fusion: o.teacherFusion } : {}) };
      if (o.teacher.length === 0 && Object.keys(settings).length > 0) throw new UserError('--T, --alpha and --teacher-fusion are settings of the teacher: give --teacher <run-or-bundle> as well');
      const params: PruneParamsInput = {
        bundle: resolve(o.bundle),
        train: resolve(o.train),
        test: o.test ? resolve(o.test) : null,
        out: resolveOutputPath(o.out, '--out'),
        ratio: o.ratio,
        scope: o.scope,
        learningRate: o.lr,
        batchSize: o.batch,
        validationShare: o.validation,
        maxPatches: o.maxPatches ?? null,
        ...(o.finetuneEpochs !== undefined ? { finetuneEpochs: o.finetuneEpochs } : {}),
        teacher: o.teacher.length > 0 ? { sources: o.teacher.map((t) => resolve(t)), ...settings } : null,
      };
      const [dir] = await runJobFromCli({ kind: 'prune', params });
      const manifest = writtenManifest(dir!);
      process.stderr.write(formatPruning(manifest.provenance.pruning!, manifest.provenance.pruning!.parent.name));
      process.stdout.write(`${dir}\n`);
    });
}
