import type { FileHandle } from 'node:fs/promises';
import { GeoTIFF, type GeoTIFFImage } from 'geotiff';
import './native-deflate';
import { UserError } from '../../shared/errors';
import { openRegularFile } from '../files/input-file';

/** An open GeoTIFF and its full-resolution image (IFD 0); overviews and masks in later IFDs are ignored. */
export interface OpenedTiff {
  tiff: GeoTIFF;
  image: GeoTIFFImage;
  fileSize: number;
  close(): Promise<void>;
}

/** Signatures of files people open by mistake, so the message can say what the file is instead. */
const OTHER_FORMATS: readonly [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['an HDF5 file', [0x89, 0x48, 0x44, 0x46]],
  ['a ZIP archive (KMZ, shapefile bundle?)', [0x50, 0x4b, 0x03, 0x04]],
  ['a JPEG 2000 image', [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
];

/** Compressions geotiff.js decodes in Node (WebP needs a browser, JPEG 2000 and old-style JPEG are not supported). */
const READABLE_COMPRESSIONS = new Set([1, 5, 7, 8, 32773, 32946, 34887, 50000]);
const COMPRESSION_NAMES: Record<number, string> = { 6: 'old-style JPEG', 34712: 'JPEG 2000', 50001: 'WebP', 34925: 'LZMA', 50002: 'JPEG XL' };

function describeMagic(head: Uint8Array): string | null {
  const isTiff =
    (head[0] === 0x49 && head[1] === 0x49 && (head[2] === 42 || head[2] === 43) && head[3] === 0) ||
    (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && (head[3] === 42 || head[3] === 43));
  if (isTiff) return null;
  for (const [what, sig] of OTHER_FORMATS) if (sig.every((b, i) => head[i] === b)) return what;
  return head.length < 8 ? 'too short to be a TIFF' : 'not a TIFF file';
}

/**
 * geotiff.js's file source, over a descriptor openRegularFile opened and checked (geotiff's own fromFile would open
 * the path again, by then perhaps a FIFO). Like that source it reads zeros past the end of the file and reports no
 * size, so checkLayout below still sees what geotiff.js sees.
 */
class CheckedFileSource {
  constructor(private readonly handle: FileHandle) {}

  get fileSize(): null {
    return null;
  }

  async fetch(slices: { offset: number; length: number }[], signal?: AbortSignal): Promise<ArrayBufferLike[]> {
    return Promise.all(slices.map(async (slice) => (await this.fetchSlice(slice, signal)).data));
  }

  async fetchSlice(slice: { offset: number; length: number }, _signal?: AbortSignal): Promise<{ offset: number; length: number; data: ArrayBufferLike }> {
    const data = new Uint8Array(slice.length);
    await this.handle.read(data, 0, slice.length, slice.offset);
    return { offset: slice.offset, length: slice.length, data: data.buffer };
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Opens the file (a regular one only: see files/input-file.ts) and checks it starts as a TIFF. */
async function openChecked(path: string): Promise<{ handle: FileHandle; size: number }> {
  const opened = await openRegularFile(path, { what: 'a GeoTIFF file', missing: 'file not found (was it moved or deleted?)' });
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await opened.handle.read(head, 0, 16, 0);
    const problem = describeMagic(head.subarray(0, bytesRead));
    if (problem) throw new UserError(`is not a GeoTIFF raster (${problem})`, path);
    return opened;
  } catch (error) {
    await opened.handle.close();
    throw error;
  }
}

/** geotiff.js does not notice reads past the end of the file (it reads zeros), so check the layout against the size. */
async function checkLayout(image: GeoTIFFImage, fileSize: number, path: string): Promise<void> {
  const fd = image.getFileDirectory();
  if (!image.getWidth() || !image.getHeight()) throw new UserError('is truncated or damaged (its image header is incomplete)', path);
  const tiled = fd.hasTag('TileOffsets');
  const offsets = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number | bigint> | number | undefined;
  const counts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number | bigint> | number | undefined;
  if (offsets === undefined || counts === undefined) throw new UserError('is truncated or damaged (it has no pixel data offsets)', path);
  const off = typeof offsets === 'number' ? [offsets] : Array.from(offsets, Number);
  const cnt = typeof counts === 'number' ? [counts] : Array.from(counts, Number);
  let end = 0;
  for (let i = 0; i < off.length; i++) end = Math.max(end, (off[i] ?? 0) + (cnt[i] ?? 0));
  if (end > fileSize) {
    throw new UserError(`is truncated: it ends at byte ${fileSize} but its pixel data runs to byte ${end} (copy or download it again)`, path);
  }
  const compression = Number(fd.getValue('Compression') ?? 1);
  if (!READABLE_COMPRESSIONS.has(compression)) {
    const name = COMPRESSION_NAMES[compression] ?? `code ${compression}`;
    throw new UserError(`uses ${name} compression, which LCZ Studio cannot read; convert it with gdal_translate -co COMPRESS=DEFLATE`, path);
  }
}

/**
 * Opens a GeoTIFF for reading with every check a user-supplied file needs. The caller must close() it.
 * The IFD parser is switched to eager mode: geotiff.js 3.0.5 reads lazily-loaded arrays (strip/tile offsets)
 * as little-endian even in big-endian files, while the eager path honours the byte order.
 */
export async function openGeoTiff(path: string, signal?: AbortSignal): Promise<OpenedTiff> {
  signal?.throwIfAborted();
  const { handle, size: fileSize } = await openChecked(path);
  const source = new CheckedFileSource(handle);
  let tiff: GeoTIFF;
  try {
    tiff = await GeoTIFF.fromSource(source as unknown as Parameters<typeof GeoTIFF.fromSource>[0], undefined, signal);
  } catch (err) {
    await source.close();
    if (signal?.aborted) throw signal.reason;
    throw new UserError(`is not a readable TIFF (${(err as Error).message})`, path);
  }
  tiff.parser.eager = true;
  const close = async (): Promise<void> => {
    await tiff.close();
  };
  try {
    if (tiff.firstIFDOffset >= fileSize) throw new UserError('is truncated (its image header lies past the end of the file)', path);
    let image: GeoTIFFImage;
    try {
      image = await tiff.getImage(0);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      throw new UserError(`is truncated or damaged: its image header cannot be read (${(err as Error).message})`, path);
    }
    await checkLayout(image, fileSize, path);
    return { tiff, image, fileSize, close };
  } catch (err) {
    await close();
    throw err;
  }
}
