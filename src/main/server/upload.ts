import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../../shared/errors';
import { tempPathFor } from '../workspace/atomic-write';

/** Files opened by drag and drop in browser mode are copied to the workspace first. */
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/** The browser's file name, reduced to a plain name: no folders, no "..", nothing hidden. */
export function safeFileName(given: string): string {
  const last = given.split(/[\\/]/).pop() ?? '';
  const clean = last.replace(/[^\w.\- ]+/g, '_').replace(/\.{2,}/g, '.').replace(/^[.\s]+/, '').slice(0, 120);
  return clean || 'upload.tif';
}

export async function receiveUpload(request: IncomingMessage, importsDir: string): Promise<string> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const name = safeFileName(url.searchParams.get('name') ?? '');
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > MAX_UPLOAD_BYTES) throw new UserError(`is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB; open it by path instead`, name);
  // A folder of its own keeps the file's name intact (the map and scene show it) while two drops never collide.
  const folder = join(importsDir, randomUUID().slice(0, 8));
  await mkdir(folder, { recursive: true });
  const target = join(folder, name);
  const temp = tempPathFor(target);
  try {
    await pipeline(request, createWriteStream(temp));
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return target;
}
