/**
 * An unpacked product: a folder (a .SAFE folder, or the folder a Landsat tar was unpacked into). Its files are
 * listed once (a few levels deep: products are shallow, and a folder named by mistake must not be walked for ever)
 * and opened on their first read, each through the checks every user-given input gets (files/input-file.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserError } from '../../../shared/errors';
import { openRegularFile } from '../../files/input-file';
import { requireInside, type ProductFiles } from './product-files';

/** A SAFE product nests its bands five folders deep (GRANULE/<id>/IMG_DATA/R10m/<file>). */
const MAX_DEPTH = 6;
/** More files than any product has: a folder beyond this is not a product. */
const MAX_FILES = 20_000;

/** The regular files under `root` ('/'-separated and relative to it) and their sizes. */
export async function listFolder(root: string): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  const walk = async (dir: string, depth: number): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(full, depth + 1);
        continue;
      }
      // stat follows a symbolic link: a link to a regular file counts, anything else (a FIFO, a device) does not.
      const info = await stat(full).catch(() => null);
      if (info?.isFile()) files.set(relative(root, full).split(sep).join('/'), info.size);
      if (files.size > MAX_FILES) throw new UserError(`holds more than ${MAX_FILES} files: it is not a satellite product folder`, root);
    }
  };
  await walk(root, 0);
  return files;
}

export async function openFolderFiles(root: string): Promise<ProductFiles> {
  const files = await listFolder(root);
  const opened = new Map<string, Promise<{ handle: FileHandle; size: number }>>();
  const label = (name: string) => join(root, ...name.split('/'));
  const sizeOf = (name: string): number => {
    const size = files.get(name);
    if (size === undefined) throw new UserError('does not exist', label(name));
    return size;
  };
  return {
    path: root,
    names: [...files.keys()],
    size: sizeOf,
    label,
    async read(name, offset, length) {
      sizeOf(name);
      let file = opened.get(name);
      if (!file) {
        file = openRegularFile(label(name));
        opened.set(name, file);
      }
      const { handle, size } = await file;
      requireInside({ label }, name, size, offset, length);
      const out = new Uint8Array(length);
      await handle.read(out, 0, length, offset);
      return out;
    },
    async close() {
      for (const file of opened.values()) await (await file.catch(() => null))?.handle.close();
    },
  };
}
