/**
 * Turns a bare ONNX classifier from elsewhere (a PyTorch or TensorFlow export) into a model bundle: inspects it,
 * plans the manifest from the file and the user's answers (import-plan.ts), checks onnxruntime can run it on one
 * zero batch, and writes the bundle atomically. The model bytes are copied unchanged, so the sha256 in the provenance
 * is also the bundle model's.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { UserError } from '../../shared/errors';
import { inspectModelBytes } from '../onnx/inspect-model';
import { readModelBytes } from '../onnx/read-model';
import { writeBundle, type Bundle } from './bundle-io';
import type { ImportAnswers } from './import-answers';
import { missingMessage, planImport, type ImportPlan, type ImportSource } from './import-plan';

export type { ImportAnswers } from './import-answers';
export type { ImportPlan, ImportQuestion, ImportSource } from './import-plan';
export { planImport } from './import-plan';

export interface LoadedSource extends ImportSource {
  bytes: Uint8Array;
}

export async function loadImportSource(file: string): Promise<LoadedSource> {
  const bytes = await readModelBytes(file);
  const summary = inspectModelBytes(bytes, file);
  return { file, fileName: basename(file), summary, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Writes the bundle for a complete plan; throws a UserError naming what is still missing otherwise. */
export async function importModel(
  from: LoadedSource | string,
  outDir: string,
  answers: ImportAnswers,
  options: { reproduce?: string } = {},
): Promise<{ bundle: Bundle; plan: ImportPlan }> {
  const source = typeof from === 'string' ? await loadImportSource(from) : from;
  const plan = planImport(source, answers, options.reproduce);
  if (!plan.manifest) throw new UserError(missingMessage(plan.missing), source.file);
  await smokeTest(source.file, plan);
  return { bundle: await writeBundle(outDir, plan.manifest, source.bytes), plan };
}

/** One zero batch through onnxruntime: a model it cannot load or run is refused before a bundle exists. */
async function smokeTest(file: string, plan: ImportPlan): Promise<void> {
  const manifest = plan.manifest!;
  // Loaded here: onnxruntime's native library is for the import itself, not for planning it.
  const { ClassifierSession } = await import('../onnx/classifier-session');
  const session = await ClassifierSession.open({ modelPath: file, manifest }, { threads: 1 });
  try {
    await session.run(new Float32Array(session.patchLength), 1);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`onnxruntime cannot run the model on a batch of one patch: ${error instanceof Error ? error.message : String(error)}`, file);
  } finally {
    await session.dispose();
  }
}
