import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { UserError } from '../../shared/errors';
import { tempPathFor } from '../workspace/atomic-write';

/** Files opened by drag and drop in browser mode are copied to the workspace first. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/** The browser's file name, reduced to a plain name: no folders, no "..", nothing hidden. */
export function safeFileName(given: string): string {
  const last = given.split(/[\\/]/).pop() ?? '';
  const clean = last.replace(/[^\w.\- ]+/g, '_').replace(/\.{2,}/g, '.').replace(/^[.\s]+/, '').slice(0, 120);
  return clean || 'upload.tif';
}

function tooLarge(name: string, maxBytes: number): UserError {
  const size = maxBytes >= 1024 ** 3 ? `${maxBytes / 1024 ** 3} GB` : `${maxBytes} bytes`;
  return new UserError(`is larger than ${size}; open it by path instead`, name);
}

/**
 * Counts the bytes as they stream and fails past the cap: Content-Length is only a claim, and a chunked upload
 * has none, so the header check alone would let any amount through to the disk.
 */
class ByteCap extends Transform {
  private received = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly name: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) callback(tooLarge(this.name, this.maxBytes));
    else callback(null, chunk);
  }
}

/**
 * Copies one upload's body into the workspace's imports, under the browser's file name made safe; returns its path.
 * A client that goes away leaves nothing: no file, no folder, no open descriptor.
 */
export async function receiveUpload(request: IncomingMessage, givenName: string, importsDir: string, maxBytes = MAX_UPLOAD_BYTES): Promise<string> {
  // Watched from the first moment: a client can be gone before the first byte is read (while the folder is made),
  // and then no 'close' comes any more for a later listener to hear, and the copy would wait for ever.
  const arrived = finished(request);
  arrived.catch(() => undefined);
  const name = safeFileName(givenName);
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > maxBytes) throw tooLarge(name, maxBytes);
  // A folder of its own keeps the file's name intact (the map and scene show it) while two drops never collide.
  const folder = join(importsDir, randomUUID().slice(0, 8));
  await mkdir(folder, { recursive: true });
  const target = join(folder, name);
  const temp = tempPathFor(target);
  try {
    await copyCapped(request, arrived, temp, maxBytes, name);
    await rename(temp, target);
  } catch (error) {
    // The folder is this upload's own: a failed upload leaves nothing, not even an empty folder.
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return target;
}

/**
 * Streams the request body into `path`, failing past `maxBytes` or when the request ends before its body did
 * (`arrived` rejects: the client went away). The request is piped rather than put in the pipeline: a pipeline would
 * destroy it, and with it the socket, so the client would never hear why it failed.
 */
async function copyCapped(request: IncomingMessage, arrived: Promise<void>, path: string, maxBytes: number, name: string): Promise<void> {
  const cap = new ByteCap(maxBytes, name);
  arrived.catch(() => cap.destroy(new UserError('the upload was interrupted before it completed', name)));
  request.pipe(cap);
  try {
    await pipeline(cap, createWriteStream(path));
  } finally {
    request.unpipe(cap);
  }
}
