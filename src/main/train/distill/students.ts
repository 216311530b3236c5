/**
 * The student of a distillation: a zoo architecture with its input mode and width, or a named preset
 * (contract/distill.ts), and the training settings it is taught with: the job's own, else the preset's, else the
 * training defaults. A preset's parameter count is computed by building its model (studentParameters).
 */
import { architecture } from '../../../shared/architectures';
import { studentPreset, type DistillParams } from '../../../shared/contract/distill';
import { trainParamsSchema, type MemberSpec, type TrainParams } from '../../../shared/contract/training';
import { UserError } from '../../../shared/errors';
import { memberChannels } from '../input-modes';
import { createModel, parameterCount } from '../zoo';

/** The student's member spec: the job's, or its preset's (seed 1). */
export function studentSpec(params: Pick<DistillParams, 'student' | 'preset'>): MemberSpec {
  if (params.student) return params.student;
  if (!params.preset) throw new UserError('give a student (an architecture of the zoo) or a preset');
  return { ...studentPreset(params.preset).student, seed: 1 };
}

/** Parameters of a student as its bundle will hold them (weights, biases, batch-norm statistics). Needs a tfjs backend. */
export function studentParameters(spec: MemberSpec): number {
  const model = createModel(spec.arch, { channels: memberChannels(spec).names.length, classes: 17, seed: spec.seed, width: spec.width });
  try {
    return parameterCount(model).total;
  } finally {
    model.dispose();
  }
}

/** The training run a distill job is: one member (the student), its settings, and the distillation settings. */
export function distillTrainParams(params: DistillParams, teacherBundles: string[]): TrainParams {
  const student = studentSpec(params);
  if (student.inputs === 'sen1-sen2') throw new UserError('a student reading SAR (inputs sen1-sen2) cannot become a mapping bundle, and the teacher bundles read no SAR: choose the inputs all, rgb or rand3');
  const preset = params.preset ? studentPreset(params.preset) : null;
  const name = params.name ?? `${architecture(student.arch).name}${student.width === 1 ? '' : ` ${student.width}x`} student of ${teacherBundles.length === 1 ? 'one teacher bundle' : `${teacherBundles.length} teacher bundles`}`;
  return trainParamsSchema.parse({
    train: params.train,
    test: params.test,
    validationShare: params.validationShare,
    maxPatches: params.maxPatches,
    members: [student],
    epochs: params.epochs ?? preset?.training.epochs,
    batchSize: params.batchSize ?? preset?.training.batchSize,
    learningRate: params.learningRate ?? preset?.training.learningRate,
    weightDecay: params.weightDecay ?? preset?.training.weightDecay,
    schedule: params.schedule ?? preset?.training.schedule,
    augment: params.augment,
    normalisation: params.normalisation,
    runDir: params.runDir,
    name,
    distillation: {
      teacher: teacherBundles,
      temperature: params.temperature ?? preset?.temperature,
      alpha: params.alpha ?? preset?.alpha,
      fusion: params.fusion,
      preset: params.preset,
    },
  });
}
