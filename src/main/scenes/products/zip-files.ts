/**
 * A zip archive (a Sentinel-2 SAFE product as downloaded) read in place with yauzl. A file stored uncompressed is
 * read at its offset in the archive; a deflated one cannot be read from the middle, so it is inflated once, on its
 * first read, into a temporary file that is deleted on close() (only the bands a mapping reads are ever inflated, and
 * memory stays at one read's bytes whatever the band's size).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { UserError } from '../../../shared/errors';
import { openRegularFile } from '../../files/input-file';
import { requireInside, type ProductFiles } from './product-files';

/**
 * yauzl reads the archive through our own checked descriptor (files/input-file.ts), which only we close: a plain
 * fs read stream on the descriptor would close it when yauzl destroys the stream early.
 */
class HandleReader extends yauzl.RandomAccessReader {
  constructor(private readonly handle: FileHandle) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const { handle } = this;
    let position = start;
    return new Readable({
      async read(size) {
        if (position >= end) return void this.push(null);
        const chunk = Buffer.alloc(Math.min(Math.max(size, 64 * 1024), 1024 * 1024, end - position));
        try {
          const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
          if (bytesRead === 0) return void this.push(null);
          position += bytesRead;
          this.push(chunk.subarray(0, bytesRead));
        } catch (error) {
          this.destroy(error as Error);
        }
      },
    });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    this.handle.read(buffer, offset, length, position).then(
      () => callback(null),
      (error: Error) => callback(error),
    );
  }
}

const STORED = 0;
const DEFLATED = 8;

/** What a file of the archive is and where its data are: read in place (stored) or from its inflated copy. */
interface ZipMember {
  entry: yauzl.Entry;
  /** The inflated copy of a deflated file, made on its first read. */
  copy?: Promise<{ handle: FileHandle; path: string }>;
  dataStart?: Promise<number>;
}

export async function openZipFiles(path: string): Promise<ProductFiles> {
  const { handle, size } = await openRegularFile(path, { what: 'a zip archive' });
  let zip: yauzl.ZipFile;
  const members = new Map<string, ZipMember>();
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(new HandleReader(handle), size, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName.replace(/^\.\//, '');
      if (!name.endsWith('/')) members.set(name, { entry });
    }
  } catch (error) {
    await handle.close();
    if (error instanceof UserError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new UserError(`is not a complete zip archive (${why}); it may be truncated or damaged: download it again`, path);
  }
  let temp: Promise<string> | null = null;
  let copies = 0;

  const member = (name: string): ZipMember => {
    const found = members.get(name);
    if (!found) throw new UserError('is not in the archive', `${path}!/${name}`);
    return found;
  };
  const label = (name: string) => `${path}!/${name}`;

  const inflated = (m: ZipMember, name: string) => {
    m.copy ??= (async () => {
      temp ??= mkdtemp(join(tmpdir(), 'lcz-product-'));
      const copyPath = join(await temp, `file-${++copies}`);
      try {
        await pipeline(await zip.openReadStreamPromise(m.entry), createWriteStream(copyPath));
      } catch (error) {
        throw new UserError(`cannot be unpacked (${error instanceof Error ? error.message : String(error)}); the archive is damaged: download it again`, label(name));
      }
      return { handle: await open(copyPath, 'r'), path: copyPath };
    })();
    return m.copy;
  };

  return {
    path,
    names: [...members.keys()],
    size: (name) => member(name).entry.uncompressedSize,
    label,
    async read(name, offset, length) {
      const m = member(name);
      const { entry } = m;
      requireInside({ label }, name, entry.uncompressedSize, offset, length);
      const out = new Uint8Array(length);
      if (entry.isEncrypted() || (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED)) {
        throw new UserError(`is ${entry.isEncrypted() ? 'encrypted' : `compressed with method ${entry.compressionMethod}`}, which LCZ Studio cannot read; unpack the archive and open the folder`, label(name));
      }
      if (entry.compressionMethod === DEFLATED) {
        const { handle: copy } = await inflated(m, name);
        await copy.read(out, 0, length, offset);
        return out;
      }
      m.dataStart ??= zip.readLocalFileHeaderPromise(entry, { minimal: true }).then((h) => h.fileDataStart);
      const start = await m.dataStart;
      requireInside({ label }, name, size - start, offset, length);
      await handle.read(out, 0, length, start + offset);
      return out;
    },
    async close() {
      zip.close();
      for (const m of members.values()) {
        const copy = await m.copy?.catch(() => null);
        await copy?.handle.close();
      }
      if (temp) await rm(await temp, { recursive: true, force: true });
      await handle.close();
    },
  };
}
