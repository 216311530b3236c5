import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { STUDENT_PRESET_IDS, STUDENT_PRESETS, TEACHER_FUSIONS, type DistillParamsInput, type RunStatus, type StudentPresetId, type TeacherFusion } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { ARCH_IDS } from '../../shared/architectures';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { runJobFromCli } from '../run-job';
import { formatEvaluation, formatNonFinite, parseMember } from './train';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const number = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('give a number.');
  return n;
};

const PRESETS_HELP = `\nStudent presets (--preset):\n${STUDENT_PRESETS.map((p) => `  ${p.id.padEnd(20)} ${p.name}: ${p.student.arch}:${p.student.inputs} at width ${p.student.width}, ${p.parameters.toLocaleString('en-US')} parameters; ${p.training.epochs} epochs, lr ${p.training.learningRate}`).join('\n')}\n`;

/** The teacher and what the distillation learnt of it, in a few lines. */
export function formatDistillation(run: Pick<RunStatus, 'distillation' | 'params' | 'members'>): string {
  const d = run.distillation;
  const settings = run.params.distillation;
  if (!d || !settings) return '';
  const lines = [`Teacher: ${d.teachers.length} bundle${d.teachers.length === 1 ? '' : 's'}, ${settings.fusion === 'logits' ? 'mean of logits' : 'mean of probabilities'}; T ${settings.temperature}, alpha ${settings.alpha}`];
  for (const t of d.teachers) if (t.outputs === 'probabilities') lines.push(`  ${t.dir}: outputs probabilities (${t.probabilitiesBy === 'detected' ? 'found in its outputs, although its manifest says logits' : 'its manifest says so'}); its log-probabilities were used as logits`);
  if (d.cache) lines.push(`Teacher outputs for ${d.cache.patches.toLocaleString('en-US')} patches: ${d.cache.source === 'computed' ? 'computed in a teacher pass' : d.cache.source === 'copied' ? `copied from ${d.cache.from}` : "reused from this run's cache"} (teacher passes by this run: ${d.teacherPasses})`);
  const last = run.members[0]?.history.at(-1)?.distillation;
  if (last) lines.push(`Last epoch: hard loss ${last.hardLoss.toFixed(3)}, soft loss ${last.softLoss.toFixed(3)}; validation agreement with the teacher ${(100 * last.valAgreement).toFixed(1)} %`);
  return `${lines.join('\n')}\n`;
}

async function resumeDistillation(dir: string): Promise<string[]> {
  const runDir = resolveOutputPath(dir, '--resume');
  const { status } = await request('runs/get', { dir: runDir });
  if (!status.params.distillation) throw new UserError('is a training run without a teacher; continue it with lcz train --resume', runDir);
  if (status.state === 'done') throw new UserError(`is done: there is nothing to resume (the student's bundle is in ${runDir}/bundles)`, runDir);
  return runJobFromCli({ kind: 'resume-training', params: { runDir } });
}

export function registerDistill(program: Command): void {
  program
    .command('distill')
    .description("distil a teacher (a training run's ensemble, or bundles) into a compact student on So2Sat LCZ42-format data; writes the student's bundle into RUN/bundles/")
    .option('--teacher <run-or-bundle>', 'a training run (its members) or a model bundle; repeat for more', collect, [])
    .option('--student <spec>', `the student, arch[:inputs[:seed[:width]]]; arch: ${ARCH_IDS.join(', ')}`)
    .addOption(new Option('--preset <name>', 'a named student with its training settings (see below)').choices([...STUDENT_PRESET_IDS]))
    .option('--seed <n>', "the preset student's seed", number)
    .option('--train <file.h5>', 'training data (So2Sat LCZ42 format)')
    .option('--test <file.h5>', 'held-out data for the final evaluation (default: half of the validation split)')
    .option('--T <t>', 'distillation temperature (default 3, or the preset\'s)', number)
    .option('--alpha <a>', 'weight of the labels\' cross-entropy; 1 - alpha goes to the teacher (default 0.7, or the preset\'s; 0: soft targets only)', number)
    .addOption(new Option('--teacher-fusion <rule>', "how the teacher's members are fused: mean of logits (published) or of probabilities").choices([...TEACHER_FUSIONS]).default('logits'))
    .option('--epochs <n>', 'epochs (default 10, or the preset\'s)', number)
    .option('--batch <n>', 'batch size (default 64)', number)
    .option('--lr <rate>', 'learning rate (AdamW; default 1e-3, or the preset\'s)', number)
    .option('--weight-decay <w>', 'decoupled weight decay on kernels (default 1e-4)', number)
    .addOption(new Option('--schedule <schedule>', 'learning-rate schedule (default cosine)').choices(['cosine', 'constant']))
    .option('--no-augment', 'no rot90/flip augmentation')
    .option('--validation <share>', 'share of the training data held out for validation', number, 0.1)
    .option('--max-patches <n>', 'use at most this many training patches (quick runs)', number)
    .addOption(new Option('--normalisation <source>', 'band statistics of the student: So2Sat published ones, or computed from the training file').choices(['published', 'file']).default('published'))
    .option('--name <name>', 'the run name')
    .option('--out <dir>', 'the run folder, new or empty (run.json, teacher/ cache, checkpoints, evaluation.json, bundles/)')
    .option('--resume <dir>', 'continue a distillation run from its last checkpoint (its cached teacher outputs are reused)')
    .addHelpText('after', PRESETS_HELP)
    .action(async (o: Record<string, unknown>) => {
      let outputs: string[];
      if (o.resume) outputs = await resumeDistillation(String(o.resume));
      else {
        const teachers = o.teacher as string[];
        if (teachers.length === 0 || !o.train || o.out === undefined) throw new UserError('give --teacher <run-or-bundle>, --train <file.h5> and --out <dir> (or --resume <dir>)');
        if (!o.student && !o.preset) throw new UserError('give the student: --student arch[:inputs[:seed[:width]]] or --preset NAME');
        if (o.student && o.preset) throw new UserError('give --student or --preset, not both (a preset names its student; --seed sets its seed)');
        const preset = (o.preset as StudentPresetId | undefined) ?? null;
        const student = o.student ? parseMember(String(o.student), 0) : preset && o.seed !== undefined ? { ...STUDENT_PRESETS.find((p) => p.id === preset)!.student, seed: o.seed as number } : undefined;
        const params: DistillParamsInput = {
          teacher: teachers.map((t) => resolve(t)),
          ...(student ? { student } : {}),
          preset,
          train: resolve(String(o.train)),
          test: o.test ? resolve(String(o.test)) : null,
          fusion: o.teacherFusion as TeacherFusion,
          validationShare: o.validation as number,
          maxPatches: (o.maxPatches as number | undefined) ?? null,
          augment: o.augment as boolean,
          normalisation: o.normalisation as 'published' | 'file',
          runDir: resolveOutputPath(String(o.out), '--out'),
          ...(o.T === undefined ? {} : { temperature: o.T as number }),
          ...(o.alpha === undefined ? {} : { alpha: o.alpha as number }),
          ...(o.epochs === undefined ? {} : { epochs: o.epochs as number }),
          ...(o.batch === undefined ? {} : { batchSize: o.batch as number }),
          ...(o.lr === undefined ? {} : { learningRate: o.lr as number }),
          ...(o.weightDecay === undefined ? {} : { weightDecay: o.weightDecay as number }),
          ...(o.schedule === undefined ? {} : { schedule: o.schedule as 'cosine' | 'constant' }),
          ...(o.name ? { name: String(o.name) } : {}),
        };
        outputs = await runJobFromCli({ kind: 'distill', params });
      }
      const { status: run, evaluation } = await request('runs/get', { dir: resolve(outputs[0]!, '..') });
      process.stderr.write(formatDistillation(run));
      process.stderr.write(formatNonFinite(run));
      if (evaluation) process.stderr.write(formatEvaluation(evaluation));
      for (const file of outputs) process.stdout.write(`${file}\n`);
    });
}
