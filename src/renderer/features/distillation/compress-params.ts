import { QUANTIZATION_METHODS, PRUNING_SCOPES, type QuantizationMethod, type PruningScope } from '../../../shared/bundle-manifest';
import { pruningRatioProblem, type PruneParamsInput, type PruneTeacher, type QuantizeParamsInput } from '../../../shared/contract/compression';
import type { BundleSummary } from '../../../shared/contract/bundles';
import type { RunStatus } from '../../../shared/contract/training';
import type { CompareModelsParamsInput } from '../../../shared/contract/model-comparison';

/**
 * The one-button steps after a distillation, as params of their jobs: int8 quantization and pruning of the student,
 * and the comparison of teacher, student, int8 and pruned. Their bundles go beside the student's, in the run's
 * bundles/ folder (so the Mapping tab lists them, and the run holds its whole story); the report goes into the run's
 * comparisons/. Pure: tested in Node.
 */

export { QUANTIZATION_METHODS, PRUNING_SCOPES };

export interface QuantizeDraft {
  method: QuantizationMethod;
  /** Calibration patches, as typed. */
  samples: string;
}

export interface PruneDraft {
  /** Share of filters removed, in %, as typed. */
  percent: string;
  scope: PruningScope;
  /** Fine-tuning epochs, as typed; empty: the core's choice (3 from the student's checkpoint). */
  finetuneEpochs: string;
  /** Fine-tune with the distillation's teacher and settings (the distillation loss), not on the labels alone. */
  withTeacher: boolean;
}

/**
 * What pruning takes from the distillation run: its teacher and settings (for fine-tuning with the teacher), and its
 * split of the training file, so that accuracy is measured on patches the student never trained on and the teacher's
 * outputs the run cached fit the pruning's patches (prune-teacher.ts reuses them).
 */
export interface PruneRun {
  teacher: PruneTeacher | null;
  validationShare: number;
  maxPatches: number | null;
}

/** The core's defaults (compression.ts): MinMax on 256 patches; half the filters of each layer. */
export const DEFAULT_QUANTIZE: QuantizeDraft = { method: 'minmax', samples: '256' };
export const DEFAULT_PRUNE: PruneDraft = { percent: '50', scope: 'layer', finetuneEpochs: '', withTeacher: false };

/** "2026-12-07T14-03-22": a folder name that sorts by time and is new each time. */
export function folderStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

function splitDir(dir: string): { parent: string; name: string; sep: string } {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const trimmed = dir.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return { parent: trimmed.slice(0, cut), name: trimmed.slice(cut + 1), sep };
}

/** A new bundle folder beside `bundle`: "<bundles>/1-int8-<stamp>". */
export function siblingBundleDir(bundle: string, what: 'int8' | 'pruned', stamp: string): string {
  const { parent, name, sep } = splitDir(bundle);
  return `${parent}${sep}${name}-${what}-${stamp}`;
}

/** A new comparison folder in the run: "<run>/comparisons/<stamp>". */
export function comparisonDir(runDir: string, stamp: string): string {
  const { sep } = splitDir(runDir);
  return `${runDir.replace(/[\\/]+$/, '')}${sep}comparisons${sep}${stamp}`;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

export function quantizeParamsOf(student: string, calibration: string, draft: QuantizeDraft, stamp: string): { params: QuantizeParamsInput | null; problems: string[] } {
  const samples = wholeNumber(draft.samples, 1, 100_000);
  if (samples === null) return { params: null, problems: ['Calibration patches: a whole number from 1 to 100,000 (256 is usual).'] };
  return { params: { bundle: student, calibration, out: siblingBundleDir(student, 'int8', stamp), method: draft.method, samples }, problems: [] };
}

/** The teacher's bundle folders of a distillation run: as it found them, else as it was asked. */
export function runTeacherDirs(status: Pick<RunStatus, 'params' | 'distillation'>): string[] {
  return status.distillation?.teachers.map((t) => t.dir) ?? status.params.distillation?.teacher ?? [];
}

/** The distillation's teacher and settings, and its split of the training file, as pruning takes them. */
export function pruneRunOf(status: Pick<RunStatus, 'params' | 'distillation'>): PruneRun {
  const d = status.params.distillation;
  const teacher = runTeacherDirs(status);
  return {
    teacher: d && teacher.length > 0 ? { sources: [...teacher], temperature: d.temperature, alpha: d.alpha, fusion: d.fusion } : null,
    validationShare: status.params.validationShare,
    maxPatches: status.params.maxPatches,
  };
}

export function pruneParamsOf(student: string, train: string, test: string | null, draft: PruneDraft, stamp: string, run: PruneRun | null = null): { params: PruneParamsInput | null; problems: string[] } {
  const problems: string[] = [];
  const percent = Number(draft.percent.trim());
  const ratio = draft.percent.trim() === '' || !Number.isFinite(percent) ? Number.NaN : percent / 100;
  const ratioProblem = pruningRatioProblem(ratio);
  if (ratioProblem) problems.push(`Filters removed: a share above 0 % and below 100 % (${draft.percent.trim() || 'empty'} was given).`);
  const epochs = draft.finetuneEpochs.trim() === '' ? undefined : wholeNumber(draft.finetuneEpochs, 0, 100);
  if (epochs === null) problems.push('Fine-tuning epochs: a whole number from 0 to 100, or empty for the default.');
  const teacher = draft.withTeacher ? (run?.teacher ?? null) : null;
  if (draft.withTeacher && !teacher) problems.push('Fine-tuning with the teacher: this run records no teacher.');
  if (teacher && epochs === 0) problems.push('Fine-tuning with the teacher: the teacher teaches while the pruned model fine-tunes; give 1 epoch or more.');
  if (problems.length > 0 || epochs === null) return { params: null, problems };
  const split = run ? { validationShare: run.validationShare, maxPatches: run.maxPatches } : {};
  return {
    params: { bundle: student, train, test, out: siblingBundleDir(student, 'pruned', stamp), ratio, scope: draft.scope, ...(epochs === undefined ? {} : { finetuneEpochs: epochs }), ...split, ...(teacher ? { teacher } : {}) },
    problems,
  };
}

/** compare-models' limit (model-comparison.ts). */
export const MAX_COMPARED = 12;

/**
 * Teacher first (compare-models measures agreement and McNemar's test against the first bundle: with an ensemble
 * teacher, its first member), then the student and what was made of it.
 */
export function compareParamsOf(run: { dir: string; teacher: readonly string[]; student: string }, products: { int8: string | null; pruned: string | null }, test: string, stamp: string): CompareModelsParamsInput {
  const made = [run.student, ...(products.int8 ? [products.int8] : []), ...(products.pruned ? [products.pruned] : [])];
  // The job compares at most 12 bundles: a bigger teacher ensemble is represented by its first members.
  return { bundles: [...run.teacher.slice(0, MAX_COMPARED - made.length), ...made], test, outDir: comparisonDir(run.dir, stamp) };
}

/**
 * The int8 and pruned bundles made from a run's student: those in the run's bundles/ folder whose provenance says so,
 * the newest of each (their folder names end in the time they were made).
 */
export function productsOf(bundles: readonly Pick<BundleSummary, 'dir' | 'lineage'>[], runDir: string): { int8: string | null; pruned: string | null } {
  const root = runDir.replace(/[\\/]+$/, '');
  const inRun = (dir: string) => dir.startsWith(root) && /^[\\/]bundles[\\/][^\\/]+$/.test(dir.slice(root.length));
  const newest = (kind: 'int8' | 'pruned') =>
    bundles
      .filter((b) => b.lineage.kind === kind && inRun(b.dir))
      .map((b) => b.dir)
      .sort()
      .at(-1) ?? null;
  return { int8: newest('int8'), pruned: newest('pruned') };
}
