import type { BundleDistillation } from '../../../shared/bundle-manifest';
import type { RunStatus } from '../../../shared/contract/training';

/**
 * A student bundle's distillation provenance, from its run: the teacher's bundles (name, sha256 of model.onnx), T,
 * alpha, the fusion and the preset. Undefined for a run that was not a distillation.
 */
export function bundleDistillation(run: Pick<RunStatus, 'params' | 'distillation'>): BundleDistillation | undefined {
  const settings = run.params.distillation;
  if (!settings || !run.distillation) return undefined;
  return {
    teacher: run.distillation.teachers.map((t) => ({ name: t.name, sha256: t.sha256 })),
    temperature: settings.temperature,
    alpha: settings.alpha,
    fusion: settings.fusion,
    preset: settings.preset,
  };
}

/** The sentence a student bundle's provenance method opens with. */
export function distillationSentence(d: BundleDistillation): string {
  const teacher = d.teacher.length === 1 ? `the bundle "${d.teacher[0]!.name}"` : `an ensemble of ${d.teacher.length} bundles`;
  return `Distilled from ${teacher} (${d.fusion === 'logits' ? 'mean of logits' : 'mean of probabilities'}, T = ${d.temperature}, alpha = ${d.alpha}${d.preset ? `, preset ${d.preset}` : ''}). `;
}
