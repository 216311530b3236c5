/** The files of a zip archive in memory (KMZ; zipped shapefiles go to shpjs whole), read with yauzl. */
import yauzl from 'yauzl';
import { UserError } from '../../shared/errors';

/** Largest entry read: training areas are text of a few MB at most; a zip bomb stops here. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

/** The entries whose name `wanted` accepts, by name. */
export function readZipEntries(data: Buffer, path: string, wanted: (name: string) => boolean): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const refuse = (detail: string) => reject(new UserError(`is not a readable zip archive (${detail})`, path));
    yauzl.fromBuffer(data, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return refuse(error?.message ?? 'unknown error');
      const found = new Map<string, Buffer>();
      zip.on('error', (e: Error) => refuse(e.message));
      zip.on('end', () => resolve(found));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (/\/$/.test(entry.fileName) || !wanted(entry.fileName)) return zip.readEntry();
        if (entry.uncompressedSize > MAX_ENTRY_BYTES) return refuse(`${entry.fileName} is larger than ${MAX_ENTRY_BYTES / 2 ** 20} MB`);
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return refuse(e?.message ?? `cannot read ${entry.fileName}`);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', (err: Error) => refuse(err.message));
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
