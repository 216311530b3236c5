/**
 * Model bundles on disk: a folder holding model.onnx and manifest.json. Reading checks the manifest against its schema
 * and against the model itself; writing is all or nothing (the bundle is assembled in a hidden sibling folder and
 * renamed into place), and never replaces a folder that is not a bundle.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { MANIFEST_FILE, MODEL_FILE, type BundleManifest, type BundleManifestInput } from '../../shared/bundle-manifest';
import { UserError } from '../../shared/errors';
import { assertRegularFile, InputFileError, readRegularText } from '../files/input-file';
import { rethrowWriteError } from '../files/write-error';
import { inspectModelBytes, inspectModelFile, type ModelSummary } from '../onnx/inspect-model';
import { manifestMismatches } from './bundle-check';
import { parseManifest, validateManifest } from './manifest-parse';

export interface Bundle {
  dir: string;
  manifest: BundleManifest;
  modelPath: string;
}

export interface BrokenBundle {
  dir: string;
  problem: string;
}

export async function readBundle(dir: string): Promise<Bundle> {
  const folder = resolve(dir);
  const info = await stat(folder).catch(() => undefined);
  if (!info) throw new UserError('the bundle folder does not exist', folder);
  if (!info.isDirectory()) throw new UserError('a model bundle is a folder (model.onnx + manifest.json), not a file', folder);
  const manifestPath = join(folder, MANIFEST_FILE);
  const text = await readRegularText(manifestPath, { what: 'a manifest file' }).catch((error: unknown) => {
    if (error instanceof InputFileError && error.problem === 'missing') throw new UserError(`this folder is not a model bundle: it has no ${MANIFEST_FILE}`, folder);
    throw error;
  });
  const manifest = parseManifest(text, manifestPath);
  const modelPath = join(folder, manifest.model);
  await assertRegularFile(modelPath, { what: 'an ONNX model file' }).catch((error: unknown) => {
    if (error instanceof InputFileError && error.problem === 'missing') throw new UserError(`the bundle has no ${MODEL_FILE}`, modelPath);
    throw error;
  });
  checkAgreement(await inspectModelFile(modelPath), manifest, modelPath);
  return { dir: folder, manifest, modelPath };
}

function checkAgreement(model: ModelSummary, manifest: BundleManifest, modelPath: string): void {
  const problems = manifestMismatches(model, manifest);
  if (problems.length > 0) throw new UserError(`the model does not match its ${MANIFEST_FILE}: ${problems.join('; ')}`, modelPath);
}

/**
 * Writes a bundle complete or not at all. An existing bundle at `dir` is replaced (also atomically: it is moved
 * aside, the new one renamed in, the old one removed); an existing folder that is not a bundle is refused.
 */
export async function writeBundle(dir: string, manifestInput: BundleManifestInput, modelBytes: Uint8Array): Promise<Bundle> {
  const target = resolve(dir);
  const manifest = validateManifest(manifestInput, join(target, MANIFEST_FILE));
  checkAgreement(inspectModelBytes(modelBytes, join(target, MODEL_FILE)), manifest, join(target, MODEL_FILE));
  const replacing = await existingBundle(target);

  const parent = dirname(target);
  await mkdir(parent, { recursive: true }).catch((e: unknown) => rethrowWriteError(e, parent));
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(parent, `.${basename(target)}.${tag}.tmp`);
  const old = join(parent, `.${basename(target)}.${tag}.old`);
  try {
    await mkdir(temp).catch((e: unknown) => rethrowWriteError(e, parent));
    await writeFile(join(temp, MODEL_FILE), modelBytes).catch((e: unknown) => rethrowWriteError(e, parent));
    await writeFile(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`).catch((e: unknown) => rethrowWriteError(e, parent));
    if (replacing) await rename(target, old).catch((e: unknown) => rethrowWriteError(e, target));
    try {
      await rename(temp, target);
    } catch (error) {
      if (replacing) await putBack(old, target);
      rethrowWriteError(error, target);
    }
    // The new bundle is in place: a previous one left behind (a hidden folder, which listBundles skips) is harmless.
    if (replacing) await rm(old, { recursive: true, force: true }).catch(() => undefined);
  } finally {
    // Only the temp folder (`old` is kept when putting it back failed). A failure to remove it must not hide why the
    // write failed: the hidden leftover is harmless.
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
  return { dir: target, manifest, modelPath: join(target, MODEL_FILE) };
}

/** Puts the previous bundle back after the new one could not take its place; says where it is kept when it cannot. */
async function putBack(old: string, target: string): Promise<void> {
  await rename(old, target).catch(() => {
    throw new UserError(`the bundle could not be replaced, nor the previous one put back: it is kept in ${old}`, target);
  });
}

/** True when `target` holds something to replace; throws when that something is not ours to replace. */
async function existingBundle(target: string): Promise<boolean> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return false;
  if (!info.isDirectory()) throw new UserError('a file has this name; a model bundle is a folder: choose another name', target);
  const entries = await readdir(target);
  if (entries.length === 0) return true;
  if (!entries.includes(MANIFEST_FILE)) {
    throw new UserError(`this folder exists and is not a model bundle (no ${MANIFEST_FILE}); LCZ Studio will not replace it: choose a new folder`, target);
  }
  return true;
}

/**
 * The bundles in a folder of bundles (a workspace's bundles/). Broken ones are reported, not thrown, so one bad
 * bundle never hides the others; hidden folders (half-written bundles) are skipped.
 */
export async function listBundles(folder: string): Promise<{ bundles: Bundle[]; broken: BrokenBundle[] }> {
  const root = resolve(folder);
  const entries = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const bundles: Bundle[] = [];
  const broken: BrokenBundle[] = [];
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(root, entry.name);
    try {
      bundles.push(await readBundle(dir));
    } catch (error) {
      broken.push({ dir, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return { bundles, broken };
}
