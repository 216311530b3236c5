/**
 * A JSON file in the workspace that several processes change (the recent maps, the saved band mappings): every
 * change is a read, a change and an atomic write made under the file's lock, so no process loses another's change.
 * Readers need no lock: the file is only ever replaced whole.
 */
import { readFile, rename } from 'node:fs/promises';
import type { z } from 'zod';
import { UserError } from '../../shared/errors';
import { removeLeftoverTemps, writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';

type Loaded<T> = { kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'damaged' };

export class JsonStore<T> {
  /**
   * @param empty what the file holds when it is missing or damaged. The files kept this way are conveniences (a
   *   history, remembered answers): a damaged one is not worth stopping the user, so it is treated as empty.
   */
  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
  ) {}

  private async load(): Promise<Loaded<T>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw new UserError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, this.file);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'damaged' };
    }
    const parsed = this.schema.safeParse(json);
    return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'damaged' };
  }

  /** What the file holds now (empty when it is missing or damaged). */
  async read(): Promise<T> {
    const loaded = await this.load();
    return loaded.kind === 'ok' ? loaded.value : this.empty();
  }

  /** Replaces what the file holds by change(what it holds), with no other writer in between; resolves to the new value. */
  update(change: (current: T) => T): Promise<T> {
    return withFileLock(this.file, async (lock) => {
      await removeLeftoverTemps(this.file); // a killed writer's; no writer of this file is mid-write while we hold the lock
      const loaded = await this.load();
      if (loaded.kind === 'damaged') {
        // Starting afresh overwrites the damaged file, which may be the only copy of what the user saved (a file
        // edited by hand, one written by a newer version): moved aside whole, it can still be read or repaired.
        await rename(this.file, `${this.file}.damaged-${new Date().toISOString().replace(/:/g, '-')}`);
      }
      const next = change(loaded.kind === 'ok' ? loaded.value : this.empty());
      // A value its own schema refuses would be moved aside as damaged by the next writer: a bug, never written.
      const checked = this.schema.safeParse(next);
      if (!checked.success) throw new Error(`${this.file}: refusing to write a value that does not match its schema: ${checked.error.message}`);
      lock.assertHeld();
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
      return next;
    });
  }
}
