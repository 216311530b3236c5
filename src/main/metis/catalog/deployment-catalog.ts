/**
 * Where deployments live, and finding them again. A deployment is a folder beside its bundle ("<bundle>-metis"),
 * except for the bundles LCZ Studio keeps itself (shipped with the app, which may be read-only, or in the
 * workspace, where a folder beside a bundle would be listed as a bundle): theirs go in the workspace's deployments/
 * folder, named after the bundle and its model's hash (bundles of training runs are named 1, 2, 3...).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Deployment, DeploymentListItem, DeploymentView } from '../../../shared/contract/metis';
import { compatibilityReportSchema, DEPLOYMENT_FILE } from '../../../shared/contract/metis';
import { readDeployment } from '../deploy/deployment-folder';
import { readFile } from 'node:fs/promises';

function inside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r !== '' && !r.startsWith('..') && !r.startsWith(sep);
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'model';

/** The folder a bundle's deployment goes to. `kept`: folders whose bundles LCZ Studio keeps (app resources, workspace). */
export function deploymentFolder(bundle: { dir: string; name: string; sha256: string }, kept: readonly string[], deploymentsRoot: string): string {
  if (kept.some((folder) => inside(bundle.dir, folder))) return join(deploymentsRoot, `${slug(bundle.name)}-${bundle.sha256.slice(0, 8)}-metis`);
  return join(dirname(bundle.dir), `${basename(bundle.dir)}-metis`);
}

/** Every readable deployment under `root` and at the given folders (a folder that is not one is skipped). */
export async function findDeployments(root: string, extra: readonly string[]): Promise<{ dir: string; deployment: Deployment }[]> {
  const names = await readdir(root, { withFileTypes: true }).catch(() => []);
  const dirs = [...names.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(root, e.name)), ...extra];
  const found: { dir: string; deployment: Deployment }[] = [];
  for (const dir of [...new Set(dirs)]) {
    if (!(await stat(join(dir, DEPLOYMENT_FILE)).catch(() => null))) continue;
    const deployment = await readDeployment(dir).catch(() => null);
    if (deployment) found.push({ dir, deployment });
  }
  return found.sort((a, b) => b.deployment.createdAt.localeCompare(a.deployment.createdAt));
}

export function listItem(dir: string, d: Deployment): DeploymentListItem {
  return {
    dir,
    bundleDir: d.bundle.dir,
    bundleName: d.bundle.name,
    createdAt: d.createdAt,
    accuracy: d.verification?.accuracy.device ?? null,
    systemFps: d.benchmark?.fps.system ?? null,
    simulated: d.simulated,
  };
}

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

/** A deployment as its report shows it. */
export async function deploymentView(dir: string): Promise<DeploymentView> {
  const deployment = await readDeployment(dir);
  const model = join(dir, deployment.compile.model);
  const compiled = basename(dirname(model)) === 'compiled_model' ? dirname(model) : model;
  const report = await readFile(join(dir, 'compatibility.json'), 'utf8').then((t) => compatibilityReportSchema.safeParse(JSON.parse(t)), () => null).catch(() => null);
  return {
    dir,
    deployment,
    sizes: { bundleModel: await sizeOf(join(dir, 'prepared.onnx')), compiledModel: await sizeOf(compiled) },
    compatibility: report?.success ? report.data : null,
  };
}
