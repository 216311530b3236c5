/**
 * One writer per output folder. A job that writes a folder over a long time (a mapping writes its result at the
 * end) holds a small file in it naming its process; a second job on the same folder is refused at its start, with
 * the process to wait for, instead of the two removing each other's staged files. A holder that was killed cannot
 * remove its file: a file whose process has ended is stale and taken over.
 */
import { link, mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runWorkerSchema, type RunWorker } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { currentWorker, workerAlive } from '../train/run-liveness';

/** The holder's file, hidden: it is not part of what the folder holds. */
export const WRITER_FILE = '.lcz-writer.json';

export interface FolderLock {
  /** Removes the holder's file; a folder the lock made and nothing else filled is removed too. */
  release(): Promise<void>;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

async function readHolder(file: string): Promise<RunWorker | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return runWorkerSchema.parse(JSON.parse(text));
  } catch {
    return null; // not ours, or damaged: nothing that could still be writing
  }
}

/** The live process writing into `dir` (its holder's file names it), or null. */
export async function folderWriter(dir: string): Promise<RunWorker | null> {
  const holder = await readHolder(join(dir, WRITER_FILE));
  return holder && workerAlive(holder) ? holder : null;
}

function busy(dir: string, what: string, holder: RunWorker): UserError {
  const where = holder.pid === process.pid ? 'this process' : `process ${holder.pid}`;
  return new UserError(`another ${what} is writing to this folder (${where}); wait for it to end or choose another folder`, dir);
}

/** Refuses a folder another live process is writing, naming it; for checks before a job starts. */
export async function refuseBusyFolder(dir: string, what: string): Promise<void> {
  const holder = await folderWriter(dir);
  if (holder) throw busy(dir, what, holder);
}

/**
 * Creates the holder's file complete or not at all: written under a temp name, then hard-linked to its name,
 * which fails if the name exists (a reader never sees a half-written holder). Where the filesystem has no hard
 * links, an exclusive create does.
 */
async function createHolder(file: string, me: RunWorker): Promise<boolean> {
  const text = `${JSON.stringify(me)}\n`;
  const temp = `${file}.${me.pid}.tmp`;
  await writeFile(temp, text);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    if (code(error) !== 'EPERM' && code(error) !== 'ENOTSUP' && code(error) !== 'EOPNOTSUPP') throw error;
    return writeFile(file, text, { flag: 'wx' }).then(
      () => true,
      (e: unknown) => (code(e) === 'EEXIST' ? false : Promise.reject(e)),
    );
  } finally {
    await rm(temp, { force: true });
  }
}

/** Makes `dir` (and missing parents) and becomes its only writer; throws a UserError when a live process is. */
export async function lockFolder(dir: string, what: string): Promise<FolderLock> {
  // Checked before the job (jobs/preflight.ts); what fails here changed since, e.g. a full disk.
  const cannot = (error: unknown): never => {
    throw new UserError(`cannot write in this folder (${code(error) ?? String(error)})`, dir);
  };
  const made = await mkdir(dir, { recursive: true }).catch(cannot);
  const file = join(dir, WRITER_FILE);
  const me = currentWorker();
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createHolder(file, me).catch(cannot)) return { release: () => release(dir, file, made) };
    const holder = await folderWriter(dir);
    if (holder) throw busy(dir, what, holder);
    // Stale: claimed by a rename, which only one of several claimers wins, so none removes a fresh holder's file.
    const claimed = `${file}.${me.pid}.stale`;
    await rename(file, claimed).then(() => rm(claimed, { force: true }), () => undefined);
  }
  const holder = await readHolder(file);
  throw holder ? busy(dir, what, holder) : new UserError(`cannot become the only ${what} writing here`, dir);
}

async function release(dir: string, file: string, made: string | undefined): Promise<void> {
  await rm(file, { force: true });
  if (!made) return;
  // Folders this lock made, from the deepest up, while they are empty: a failed job leaves no empty result folder.
  for (let at = dir; ; at = dirname(at)) {
    if ((await readdir(at).catch(() => ['?'])).length > 0) return;
    if (!(await rmdir(at).then(() => true, () => false))) return;
    if (at === made) return;
  }
}
