import { randomUUID } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import type { ImportAnswers, ImportPlanView } from '../../shared/contract/bundles';
import { checkBundleOutput } from '../jobs/preflight';
import type { Workspace } from '../workspace/workspace';

/**
 * Bare ONNX classifiers from elsewhere made into bundles: planned from the file and the answers so far (a face asks
 * the open questions in its own words and plans again), then imported. The modules load on first use: inspecting
 * protobufs and onnxruntime's native library are for this request alone.
 */
export class ModelImportService {
  constructor(private readonly workspace: Workspace) {}

  async plan(path: string, answers: ImportAnswers, out?: string): Promise<ImportPlanView> {
    // Before reading the model or asking anything: a bundle folder that cannot be written is said at once.
    if (out !== undefined) await checkBundleOutput(resolve(out));
    const { loadImportSource, planImport } = await import('../bundles/import-model');
    const source = await loadImportSource(resolve(path));
    const { inferred, missing } = planImport(source, answers);
    return { file: source.file, fileName: source.fileName, inferred, missing };
  }

  async import(request: { path: string; out?: string; answers: ImportAnswers; reproduce?: string }): Promise<{ dir: string; name: string; inferred: string[] }> {
    // Without a folder, a new one in the workspace, named for the file (the bundle's name is in its manifest).
    const fresh = () => join(this.workspace.bundlesDir, `${basename(request.path).replace(/\.onnx$/i, '')}-${randomUUID().slice(0, 8)}`);
    const dir = resolve(request.out ?? fresh());
    await checkBundleOutput(dir);
    const { importModel } = await import('../bundles/import-model');
    const { bundle, plan } = await importModel(resolve(request.path), dir, request.answers, { reproduce: request.reproduce });
    return { dir: bundle.dir, name: bundle.manifest.name, inferred: plan.inferred };
  }
}
