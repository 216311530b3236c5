import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temp name beside the target, so the final rename stays on one file system. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether `name` (in the target's folder) is one of tempPathFor(target)'s names. */
function isTempOf(target: string, name: string): boolean {
  const prefix = `.${basename(target)}.`;
  return name.startsWith(prefix) && /^[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Removes the temp files a killed writer of `target` left behind. Only safe while no other writer of `target` can
 * be between its write and its rename: call it under the target's lock (file-lock.ts).
 */
export async function removeLeftoverTemps(target: string): Promise<void> {
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => isTempOf(target, name)).map((name) => rm(join(dirname(target), name), { force: true })));
}

/** Writes through an open file and syncs it to the disk, then closes it. */
async function writeSynced(handle: FileHandle, data: string | Uint8Array): Promise<void> {
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file and syncs it to the disk: a power cut after this cannot leave it named but empty. */
export async function writeDurable(file: string, data: string | Uint8Array): Promise<void> {
  await writeSynced(await open(file, 'w'), data);
}

/**
 * Syncs a folder, so that a rename in it survives a power cut. Best effort: Windows cannot open a folder, and some
 * network file systems refuse to sync one; the rename itself is done by then, only its durability is weaker there.
 */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // see above
  } finally {
    await handle.close();
  }
}

/**
 * Writes the whole file or nothing: readers never see a half-written file, a crash at any point leaves the old file
 * whole, and once this resolves the new contents survive a power cut (synced before the rename, and the rename
 * synced after it: without the first sync a file system may write the rename before the data, leaving the target
 * empty after a power cut).
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx'); // wx: never someone else's file, however unlikely the name
  try {
    await writeSynced(handle, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(target));
}
