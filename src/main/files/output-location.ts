/**
 * Where a job or command will write, checked before any work: one clear UserError naming the path and the exact
 * problem, instead of a failure after an hour of work (EEXIST, EISDIR), a misleading "does not exist", or a hang.
 *
 * Nothing here creates anything: Node's recursive mkdir never returns on procfs (it retries ENOENT for ever), so a
 * path on a kernel filesystem must be refused before any writer gets to it. Only stat, lstat, statfs and access.
 */
import type { Stats } from 'node:fs';
import { access, constants, lstat, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../../shared/errors';
import { specialFilesystem } from './special-filesystem';

/**
 * What an output is. A folder says what may already be at its path: a folder it writes into whatever it holds
 * ('any'), or a rule on the names inside an existing folder that returns why it may not be used (null: it may).
 */
export type OutputLocation =
  | { kind: 'file'; createsParents: boolean }
  | { kind: 'folder'; createsParents: boolean; existing: 'any' | ((entries: string[]) => string | null) };

/** The path of an `--out` as typed: an empty one is refused, not read as the current folder. */
export function resolveOutputPath(typed: string, flag: string): string {
  if (typed.trim() === '') throw new UserError(`${flag} "${typed}" is empty: give a folder or file name (use "." for the current folder)`);
  return resolve(typed);
}

/** What a non-folder thing on disk is, in words. */
function whatIs(info: Stats): string {
  if (info.isFile()) return 'a file';
  if (info.isDirectory()) return 'a folder';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** stat, or undefined when nothing is there (or a component on the way is not a folder, or cannot be looked into). */
async function statOrNothing(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    const why = code(error);
    if (why === 'ENOENT' || why === 'ENOTDIR' || why === 'EACCES') return undefined;
    if (why === 'ELOOP') throw new UserError('is a loop of symbolic links', path);
    if (why === 'ENAMETOOLONG') throw new UserError('the name is too long for this system', path);
    throw new UserError(`cannot be looked at (${why ?? String(error)})`, path);
  }
}

/** The nearest of path and its ancestors that exists, with its stat. */
async function nearestExisting(path: string): Promise<{ at: string; info: Stats }> {
  for (let at = path; ; at = dirname(at)) {
    const info = await statOrNothing(at);
    if (info) return { at, info };
    // A dangling symbolic link: a writer would follow it (or fail on it), never write where the user thinks.
    const link = at === path ? await lstat(at).catch(() => undefined) : undefined;
    if (link?.isSymbolicLink()) throw new UserError('is a symbolic link to something that does not exist; remove it or choose another name', path);
    if (at === dirname(at)) throw new UserError('no part of this path exists', path);
  }
}

/** Refuses kernel filesystems (procfs, sysfs, /dev): nothing can be written there, and mkdir may never return. */
async function refuseSpecial(path: string, role: string, existing: string): Promise<void> {
  const real = await realpath(existing).catch(() => existing);
  const fs = await specialFilesystem(real);
  if (fs) throw new UserError(`${role} is on ${fs}, a special filesystem of the kernel where files cannot be written; choose a folder on a disk`, path);
}

/** The folder the output is made in must let us create entries (W_OK) and reach them (X_OK). */
async function refuseUnwritable(path: string, role: string, folder: string): Promise<void> {
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    const where = folder === path ? 'it' : folder;
    if (code(error) === 'EROFS') throw new UserError(`${role} cannot be written: ${where} is on a read-only filesystem`, path);
    throw new UserError(`${role} cannot be written: no permission to write in ${where}`, path);
  }
}

/**
 * Checks that `path` can be written as `location` says, before any work. Resolves when it can; throws a UserError
 * naming the path and the problem when it cannot. Creates nothing.
 */
export async function checkOutputLocation(path: string, location: OutputLocation): Promise<void> {
  if (path.trim() === '') throw new UserError(`the output path is empty: give a ${location.kind} name`);
  const target = resolve(path);
  const role = `the output ${location.kind}`;
  const { at, info } = await nearestExisting(target);
  await refuseSpecial(target, role, at);

  if (at === target) {
    if (location.kind === 'folder') {
      if (!info.isDirectory()) throw new UserError(`${role} is ${whatIs(info)}, not a folder; choose a folder name`, target);
      await refuseUnwritable(target, role, target);
      if (location.existing !== 'any') {
        const problem = location.existing(await readdir(target));
        if (problem) throw new UserError(problem, target);
      }
      return;
    }
    if (info.isDirectory()) throw new UserError(`${role} is a folder; give the name of the file to write`, target);
    if (!info.isFile()) throw new UserError(`${role} is ${whatIs(info)}, not a file it could replace; choose another name`, target);
    await refuseUnwritable(target, role, dirname(target));
    return;
  }

  // Nothing at the path yet: `at` is the folder it would be made in, or the nearest one above it.
  if (!info.isDirectory()) throw new UserError(`${role} cannot be made: ${at} is ${whatIs(info)}, not a folder`, target);
  const parent = dirname(target);
  if (at !== parent && !location.createsParents) {
    throw new UserError(`${role} cannot be made: the folder it goes in, ${parent}, does not exist (it is not created: make it first)`, target);
  }
  await refuseUnwritable(target, role, at);
}
