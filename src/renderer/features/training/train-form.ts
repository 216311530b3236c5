import type { DatasetInfo, SessionMember, TrainParamsInput, TrainSettingsDraft } from '../../../shared/contract';
import { labelIssueLines } from './dataset-data';

/**
 * The Training view's form as typed (numbers kept as text until Start, like the mapping resolution) and its
 * conversion into train params, with what stops it, in the order a user fixes things. Pure: tested in Node.
 */

/** A member of the ensemble as typed (the session keeps it without its id). */
export interface MemberDraft extends SessionMember {
  /** React key: stays with the row when rows above it go. */
  id: number;
}

/** The hyper-parameters as typed; the session keeps them so (its schema is their one definition). */
export type SettingsDraft = TrainSettingsDraft;

export interface TrainForm {
  train: string | null;
  /** What the core said the training file holds; null while it reads it (or when it could not). */
  trainInfo: DatasetInfo | null;
  /** Why the training file cannot be used, when the core said so. */
  trainError: string | null;
  test: string | null;
  testError: string | null;
  members: readonly MemberDraft[];
  settings: SettingsDraft;
}

export const MAX_MEMBERS = 30;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The name the core would give the run, always sent so the app can tell its run among the others. */
export function defaultRunName(members: readonly Pick<MemberDraft, 'arch'>[], train: string): string {
  const what = members.length === 1 ? members[0]!.arch : `Ensemble of ${members.length}`;
  return `${what} on ${baseName(train)}`;
}

/** A number typed in a field, or null when it is not one (empty, text, out of range). */
function parseNumber(text: string, min: number, max: number, integer = false): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < min || value > max) return null;
  if (integer && !Number.isInteger(value)) return null;
  return value;
}

function memberProblems(member: MemberDraft, index: number, info: DatasetInfo | null, train: string | null): string[] {
  const problems: string[] = [];
  const which = `Member ${index + 1}`;
  if (parseNumber(member.seed, 0, 2 ** 31 - 1, true) === null) problems.push(`${which}: the seed must be a whole number from 0.`);
  const width = parseNumber(member.width, 0, 4);
  if (width === null || width <= 0) problems.push(`${which}: the width must be more than 0 and at most 4.`);
  if (member.inputs === 'sen1-sen2' && info && !info.hasSen1) {
    problems.push(`${which} reads Sentinel-1, but ${train ? baseName(train) : 'the training file'} has no sen1 dataset.`);
  }
  return problems;
}

/** The train params of the form, or why there are none yet. */
export function trainParamsOf(form: TrainForm): { params: TrainParamsInput | null; problems: string[] } {
  const problems: string[] = [];
  const { settings: s, members } = form;
  if (!form.train) problems.push('Choose the training data (a So2Sat LCZ42 file), or use the synthetic So2Sat data.');
  else if (form.trainError) problems.push(`The training file cannot be used: ${form.trainError}`);
  else if (!form.trainInfo) problems.push('Reading the training file…');
  else if (labelIssueLines(form.trainInfo).length > 0) problems.push(`The training file cannot be used: ${labelIssueLines(form.trainInfo).join('; ')}.`);
  if (form.test && form.testError) problems.push(`The test file cannot be used: ${form.testError}`);
  if (members.length === 0) problems.push('Add at least one member.');
  if (members.length > MAX_MEMBERS) problems.push(`An ensemble has at most ${MAX_MEMBERS} members.`);
  members.forEach((m, i) => problems.push(...memberProblems(m, i, form.trainInfo, form.train)));

  const epochs = parseNumber(s.epochs, 1, 500, true);
  if (epochs === null) problems.push('Epochs: a whole number from 1 to 500.');
  const batchSize = parseNumber(s.batchSize, 4, 1024, true);
  if (batchSize === null) problems.push('Batch size: a whole number from 4 to 1024.');
  const learningRate = parseNumber(s.learningRate, 0, 1);
  if (learningRate === null || learningRate <= 0) problems.push('Learning rate: more than 0 and at most 1 (e.g. 0.001).');
  const weightDecay = parseNumber(s.weightDecay, 0, 1);
  if (weightDecay === null) problems.push('Weight decay: from 0 to 1 (e.g. 0.0001).');
  const validationPercent = parseNumber(s.validationShare, 1, 50);
  if (validationPercent === null) problems.push('Validation share: from 1 % to 50 %.');
  const maxPatches = s.maxPatches.trim() === '' ? null : parseNumber(s.maxPatches, 1, Number.MAX_SAFE_INTEGER, true);
  if (s.maxPatches.trim() !== '' && maxPatches === null) problems.push('Max patches: a whole number, or empty for all the patches.');

  if (problems.length > 0 || !form.train) return { params: null, problems };
  return {
    params: {
      train: form.train,
      test: form.test,
      validationShare: validationPercent! / 100,
      maxPatches,
      members: members.map((m) => ({ arch: m.arch, inputs: m.inputs, seed: Number(m.seed.trim()), width: Number(m.width.trim()) })),
      epochs: epochs!,
      batchSize: batchSize!,
      learningRate: learningRate!,
      weightDecay: weightDecay!,
      schedule: s.schedule,
      augment: s.augment,
      normalisation: s.normalisation,
      fusion: s.fusion,
      name: s.name.trim() || defaultRunName(members, form.train),
    },
    problems,
  };
}

/** "10 epochs · batch 64 · lr 0.001 · cosine": the folded settings panel's summary. */
export function settingsSummary(s: SettingsDraft): string {
  const parts = [`${s.epochs.trim() || '?'} epochs`, `batch ${s.batchSize.trim() || '?'}`, `lr ${s.learningRate.trim() || '?'}`, s.schedule];
  if (s.maxPatches.trim()) parts.push(`≤ ${s.maxPatches.trim()} patches`);
  return parts.join(' · ');
}
