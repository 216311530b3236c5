/**
 * What a bundle is, read from its manifest's provenance: a distilled student, an int8 or a pruned version of a parent,
 * or any other model; and where it came from, in a line a user can read. The comparison report and the Mapping tab's
 * model list both label bundles by it. Pure (no Node, no DOM).
 */
import type { BundleManifest } from './bundle-manifest';

export const BUNDLE_KINDS = ['model', 'student', 'int8', 'pruned'] as const;
export type BundleKind = (typeof BUNDLE_KINDS)[number];

export interface BundleLineage {
  kind: BundleKind;
  /** The bundle it was made from (its name): an int8 or pruned bundle's parent, null otherwise. */
  parent: string | null;
  /** Its provenance in a sentence ("int8 of "X": MinMax calibration on 256 patches of train.h5"); null for a plain model. */
  detail: string | null;
}

const baseName = (path: string) => path.split(/[\\/]/).pop() || path;
const pct = (share: number) => `${Math.round(share * 100)} %`;

/** A compressed bundle is labelled by its last step: an int8 bundle of a pruned student is int8. */
export function bundleKind(provenance: Pick<BundleManifest['provenance'], 'quantization' | 'pruning' | 'distillation'>): BundleKind {
  if (provenance.quantization) return 'int8';
  if (provenance.pruning) return 'pruned';
  return provenance.distillation ? 'student' : 'model';
}

export function bundleLineage(manifest: Pick<BundleManifest, 'provenance'>): BundleLineage {
  const { quantization: q, pruning: p, distillation: d } = manifest.provenance;
  const kind = bundleKind(manifest.provenance);
  switch (kind) {
    case 'int8': {
      const method = q!.method === 'percentile' ? `percentile (${q!.percentile} %)` : q!.method === 'minmax' ? 'MinMax' : 'entropy';
      const float = q!.leftInFloat.length > 0 ? `; left in float: ${q!.leftInFloat.join(', ')}` : '';
      return { kind, parent: q!.parent.name, detail: `int8 of "${q!.parent.name}": ${method} calibration on ${q!.calibration.samples} patches of ${baseName(q!.calibration.file)}${float}` };
    }
    case 'pruned': {
      const f = p!.finetune;
      const teacher = f?.loss === 'distillation' ? ` with ${f.distillation.teacher.length === 1 ? `the teacher "${f.distillation.teacher[0]!.name}"` : `a teacher of ${f.distillation.teacher.length} bundles`} (T ${f.distillation.temperature}, alpha ${f.distillation.alpha})` : '';
      const tuned = f ? `fine-tuned ${f.epochs} epoch${f.epochs === 1 ? '' : 's'}${teacher}` : 'not fine-tuned';
      return { kind, parent: p!.parent.name, detail: `pruned from "${p!.parent.name}": ${pct(p!.removed)} of the filters removed (${p!.scope === 'global' ? 'across the model' : 'in each layer'}), ${tuned}` };
    }
    case 'student': {
      const n = d!.teacher.length;
      const teacher = n === 1 ? `"${d!.teacher[0]!.name}"` : `${n} teacher bundles`;
      return { kind, parent: null, detail: `distilled from ${teacher}: T ${d!.temperature}, alpha ${d!.alpha}, ${d!.fusion === 'logits' ? 'mean of logits' : 'mean of probabilities'}` };
    }
    case 'model':
      return { kind, parent: null, detail: null };
  }
}
