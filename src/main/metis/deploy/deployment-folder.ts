/**
 * A deployment is a folder beside its bundle (architecture.md): the compiler's output tree (compiled/), the model as
 * compiled (prepared.onnx), the reports (compatibility.json, verification.json, benchmark.json) and deployment.json,
 * written last. It is assembled in a hidden sibling folder and renamed into place, so a failed or cancelled deploy
 * leaves nothing behind and an earlier deployment is replaced only by a complete one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DEPLOYMENT_FILE, deploymentSchema, type Deployment } from '../../../shared/contract/metis';
import { parseOrExplain, UserError } from '../../../shared/errors';
import { readRegularText } from '../../files/input-file';

/** The default deployment folder of a bundle: "<bundle>-metis" beside it. */
export function deploymentDirFor(bundleDir: string): string {
  return join(dirname(bundleDir), `${basename(bundleDir)}-metis`);
}

/** Refuses a target that is a file, or a folder that is neither empty nor a deployment (before any work starts). */
export async function checkDeploymentTarget(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) return;
  if (!info.isDirectory()) throw new UserError('a file has this name; a deployment is a folder: choose another --out', dir);
  const names = await readdir(dir);
  if (names.length > 0 && !names.includes(DEPLOYMENT_FILE)) throw new UserError(`this folder exists and is not a Metis deployment (no ${DEPLOYMENT_FILE}); LCZ Studio will not replace it: choose another --out`, dir);
}

/** A hidden work folder beside the target, where the deployment is assembled. */
export async function stagingDir(dir: string): Promise<string> {
  const staging = join(dirname(dir), `.${basename(dir)}.${randomBytes(4).toString('hex')}.tmp`);
  await mkdir(staging, { recursive: true });
  return staging;
}

/** Moves the assembled folder into place, replacing an earlier deployment only now that the new one is complete. */
export async function finishDeployment(staging: string, dir: string): Promise<void> {
  await checkDeploymentTarget(dir);
  const old = `${staging}.old`;
  const replacing = (await stat(dir).catch(() => null)) !== null;
  if (replacing) await rename(dir, old);
  try {
    await rename(staging, dir);
  } catch (error) {
    if (replacing) await rename(old, dir);
    throw error;
  }
  if (replacing) await rm(old, { recursive: true, force: true });
}

export async function readDeployment(dir: string): Promise<Deployment> {
  const file = join(dir, DEPLOYMENT_FILE);
  const text = await readRegularText(file, { what: 'a deployment.json file', missing: 'this folder is not a Metis deployment (no deployment.json)' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError('deployment.json is not JSON (damaged?): deploy the bundle again', file);
  }
  try {
    return parseOrExplain(deploymentSchema, json, 'deployment.json');
  } catch (error) {
    throw new UserError(`${(error as Error).message}: deploy the bundle again`, file);
  }
}
