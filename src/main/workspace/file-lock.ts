/**
 * A lock on one workspace file, held across processes: the app, a browser-mode server and `lcz` commands may all
 * write to one workspace at once. proper-lockfile makes the lock as a folder beside the file (`<file>.lock`; mkdir is
 * atomic, also on network file systems), keeps its time fresh while it is held, and takes over a lock whose time is
 * older than STALE_MS: the lock of a process that was killed (or lost power) while holding it.
 */
import { resolve } from 'node:path';
import { lock } from 'proper-lockfile';
import { UserError } from '../../shared/errors';

/** A held lock gets refreshed every STALE_MS / 2; one not refreshed for STALE_MS belongs to a dead process. */
export const STALE_MS = 10_000;

/**
 * How long to wait for a lock: at least about 28 s (the waits grow from 10 ms to 250 ms each, randomised so that
 * waiting processes do not retry in step), enough to outwait a dead holder's lock going stale; writers hold it only
 * for a read and a write of a small file.
 */
const RETRIES = { retries: 120, factor: 1.5, minTimeout: 10, maxTimeout: 250, randomize: true };

export interface HeldLock {
  /**
   * Throws unless the lock is still this process's. A holder that stalls for longer than STALE_MS (a suspended
   * machine) loses its lock to the next writer; checked just before writing, so such a holder does not overwrite
   * what the next one wrote.
   */
  assertHeld(): void;
}

/** Writers of one file in this process, one after another: they need not compete for the file's lock folder. */
const queues = new Map<string, Promise<unknown>>();

function inTurn<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const result = previous.then(task, task);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return result;
}

/** Runs `task` while holding `file`'s lock (the file itself need not exist), and releases the lock after it. */
export function withFileLock<T>(file: string, task: (lock: HeldLock) => Promise<T>): Promise<T> {
  const path = resolve(file);
  return inTurn(path, async () => {
    let lost: Error | null = null;
    const release = await lock(path, {
      realpath: false,
      stale: STALE_MS,
      retries: RETRIES,
      // The library's default throws from a timer, which would end the process.
      onCompromised: (error) => (lost = error),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOCKED') {
        throw new UserError(`is being written by another process, which holds its lock ${path}.lock; close the other LCZ Studio or lcz command and try again (a lock left by a process that no longer runs is taken over after ${STALE_MS / 1000} s)`, path);
      }
      throw new UserError(`cannot be locked for writing (${error.code ?? error.message})`, path);
    });
    try {
      return await task({
        assertHeld: () => {
          if (lost) throw new UserError(`lost its lock while this process was stalled for more than ${STALE_MS / 1000} s, so the change was not written; try again`, path);
        },
      });
    } finally {
      // The task's outcome stands even if the release fails: a lock folder left behind goes stale and is taken over.
      await release().catch(() => undefined);
    }
  });
}
