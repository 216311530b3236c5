import type { ArchId } from '../../../shared/architectures';
import { DISTILL_DEFAULTS, STUDENT_PRESETS, type DistillParamsInput, type StudentPresetId, type TeacherFusion } from '../../../shared/contract/distill';
import type { DatasetInfo, InputMode } from '../../../shared/contract/training';

/**
 * The Distillation view's form as typed (numbers kept as text until Start) and its conversion into distill params,
 * with what stops it, in the order a user fixes things. Pure: tested in Node. The renderer never runs zod (the CSP
 * forbids its compiled parsers): the core validates the params.
 */

/** The student: a preset of the core (it names its architecture and training settings), or a zoo architecture. */
export type StudentChoice =
  | { kind: 'preset'; preset: StudentPresetId; seed: string }
  | { kind: 'custom'; arch: ArchId; inputs: InputMode; width: string; seed: string };

/** Settings left empty take the preset's value, else the core's default (shown as the field's placeholder). */
export interface DistillSettingsDraft {
  temperature: string;
  alpha: string;
  fusion: TeacherFusion;
  epochs: string;
  learningRate: string;
  maxPatches: string;
}

export const DEFAULT_DISTILL_SETTINGS: DistillSettingsDraft = {
  temperature: String(DISTILL_DEFAULTS.temperature),
  alpha: String(DISTILL_DEFAULTS.alpha),
  fusion: DISTILL_DEFAULTS.fusion,
  epochs: '',
  learningRate: '',
  maxPatches: '',
};

export const DEFAULT_STUDENT: StudentChoice = { kind: 'preset', preset: 'tiny', seed: '1' };

export interface DistillForm {
  /** Training runs (their members' bundles) and bundles, any mix. */
  teacher: readonly string[];
  train: string | null;
  trainInfo: DatasetInfo | null;
  trainError: string | null;
  test: string | null;
  testError: string | null;
  student: StudentChoice;
  settings: DistillSettingsDraft;
}

/** A number typed in a field: null when empty, NaN when it is not a number in range. */
function parseOptional(text: string, min: number, max: number, integer = false): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) return Number.NaN;
  return value;
}

/** What the student is, for the Start button and the run's name: "Tiny CNN, tens of thousands of parameters". */
export function studentLabel(student: StudentChoice): string {
  if (student.kind === 'preset') return STUDENT_PRESETS.find((p) => p.id === student.preset)!.name;
  return `${student.arch} (${student.inputs}) at width ${student.width.trim() || '?'}`;
}

function studentParams(student: StudentChoice, problems: string[]): Pick<DistillParamsInput, 'student' | 'preset'> {
  const seed = parseOptional(student.seed, 0, 2 ** 31 - 1, true);
  if (seed === null || Number.isNaN(seed)) problems.push('Student: the seed must be a whole number from 0.');
  if (student.kind === 'preset') {
    const preset = STUDENT_PRESETS.find((p) => p.id === student.preset)!;
    // A preset names its student; only a seed other than the preset's own (1) is sent with it.
    return { preset: student.preset, ...(seed !== null && !Number.isNaN(seed) && seed !== 1 ? { student: { ...preset.student, seed } } : {}) };
  }
  const width = parseOptional(student.width, 0, 4);
  if (width === null || Number.isNaN(width) || width <= 0) problems.push('Student: the width must be more than 0 and at most 4.');
  if (student.inputs === 'sen1-sen2') problems.push('Student: a student reading SAR cannot become a mapping model; choose all bands, RGB or 3 random bands.');
  return { preset: null, student: { arch: student.arch, inputs: student.inputs, seed: seed ?? 1, width: width ?? 1 } };
}

/** The distill params of the form, or why there are none yet. */
export function distillParamsOf(form: DistillForm): { params: DistillParamsInput | null; problems: string[] } {
  const problems: string[] = [];
  if (form.teacher.length === 0) problems.push('Choose the teacher: a training run (its ensemble) or one or more bundles.');
  if (!form.train) problems.push('Choose the training data (a So2Sat LCZ42 file), or use the synthetic So2Sat data.');
  else if (form.trainError) problems.push(`The training file cannot be used: ${form.trainError}`);
  else if (!form.trainInfo) problems.push('Reading the training file…');
  if (form.test && form.testError) problems.push(`The test file cannot be used: ${form.testError}`);
  const student = studentParams(form.student, problems);
  const s = form.settings;
  const temperature = parseOptional(s.temperature, Number.MIN_VALUE, 100);
  if (temperature === null || Number.isNaN(temperature)) problems.push('T: a temperature above 0, at most 100 (the published setting is 3).');
  const alpha = parseOptional(s.alpha, 0, 1);
  if (alpha === null || Number.isNaN(alpha)) problems.push('alpha: the weight of the labels, from 0 (soft targets only) to 1 (no teacher).');
  const epochs = parseOptional(s.epochs, 1, 500, true);
  if (Number.isNaN(epochs)) problems.push('Epochs: a whole number from 1 to 500, or empty for the preset’s.');
  const learningRate = parseOptional(s.learningRate, Number.MIN_VALUE, 1);
  if (Number.isNaN(learningRate)) problems.push('Learning rate: above 0, at most 1, or empty for the preset’s.');
  const maxPatches = parseOptional(s.maxPatches, 1, Number.MAX_SAFE_INTEGER, true);
  if (Number.isNaN(maxPatches)) problems.push('At most … patches: a whole number from 1, or empty for all.');
  if (problems.length > 0 || !form.train) return { params: null, problems };
  return {
    params: {
      teacher: [...form.teacher],
      ...student,
      train: form.train,
      test: form.test,
      temperature: temperature!,
      alpha: alpha!,
      fusion: s.fusion,
      maxPatches,
      ...(epochs === null ? {} : { epochs }),
      ...(learningRate === null ? {} : { learningRate }),
    },
    problems,
  };
}
