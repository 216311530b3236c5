/**
 * The bundles as the Deploy view offers them: students first. A student is what its manifest's provenance says:
 * int8 (provenance.quantization, which names its float parent by the sha256 of its model), distilled or pruned
 * (provenance.distillation / provenance.pruning, written by the distillation and pruning work; read here by name so
 * that a bundle without them, or from before them, is simply not a student). The card compiles a float model with
 * the SDK's own quantiser, so an int8 bundle is deployed through its parent, and compared with in the verification.
 */
import { createHash } from 'node:crypto';
import type { MetisBundle } from '../../../shared/contract/metis';
import type { Bundle } from '../../bundles/bundle-io';
import { readModelBytes } from '../../onnx/read-model';

export interface CatalogEntry {
  bundle: Bundle;
  demo: boolean;
  sha256: string;
  sizeBytes: number;
}

export async function catalogEntry(bundle: Bundle, demo: boolean): Promise<CatalogEntry> {
  const bytes = await readModelBytes(bundle.modelPath);
  return { bundle, demo, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length };
}

/** What the provenance says the bundle is. */
export function studentKind(bundle: Bundle): MetisBundle['student'] {
  const provenance = bundle.manifest.provenance as Record<string, unknown>;
  const has = (key: string) => provenance[key] !== undefined && provenance[key] !== null;
  return { distilled: has('distillation'), int8: has('quantization'), pruned: has('pruning') };
}

function parentSha(entry: CatalogEntry): string | null {
  return entry.bundle.manifest.provenance.quantization?.parent.sha256 ?? null;
}

/** The bundles with their kinds, parents, int8 children and deployments, students first (most student-like first). */
export function metisCatalog(entries: readonly CatalogEntry[], deploymentsOf: (entry: CatalogEntry) => string[]): MetisBundle[] {
  const bySha = new Map(entries.map((e) => [e.sha256, e]));
  const rows = entries.map((entry): MetisBundle => {
    const { bundle } = entry;
    const parent = parentSha(entry);
    const parentEntry = parent ? bySha.get(parent) : undefined;
    const child = entries.find((e) => parentSha(e) === entry.sha256);
    return {
      dir: bundle.dir,
      name: bundle.manifest.name,
      description: bundle.manifest.description,
      demo: entry.demo,
      student: studentKind(bundle),
      parent: parentEntry ? { dir: parentEntry.bundle.dir, name: parentEntry.bundle.manifest.name } : null,
      int8Child: child ? { dir: child.bundle.dir, name: child.bundle.manifest.name } : null,
      sizeBytes: entry.sizeBytes,
      deployments: deploymentsOf(entry),
    };
  });
  const rank = (b: MetisBundle) => Number(b.student.distilled) + Number(b.student.int8) + Number(b.student.pruned);
  return rows.sort((a, b) => rank(b) - rank(a) || Number(b.demo) - Number(a.demo) || a.name.localeCompare(b.name));
}

/** The float model to compile and the int8 model to compare, for the bundle the user chose. */
export function deployPair(chosen: MetisBundle): { bundle: string; int8Bundle: string | null; note: string | null } {
  if (chosen.student.int8) {
    if (chosen.parent) {
      return {
        bundle: chosen.parent.dir,
        int8Bundle: chosen.dir,
        note: `"${chosen.name}" is an int8 model: the card compiles its float parent "${chosen.parent.name}" with the SDK's own quantiser, and "${chosen.name}" is compared with it`,
      };
    }
    return { bundle: chosen.dir, int8Bundle: null, note: `"${chosen.name}" is an int8 model whose float parent is not among the bundles: it is compiled as it is (its quantise/dequantise layers run on the host), which may fail` };
  }
  return { bundle: chosen.dir, int8Bundle: chosen.int8Child?.dir ?? null, note: null };
}
