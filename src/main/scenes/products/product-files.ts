/**
 * The files of a satellite product as it was downloaded: an unpacked folder, a zip (Sentinel-2 SAFE) or a tar
 * (Landsat Collection 2), read in place. Every reader of a product (metadata, JPEG 2000 and GeoTIFF bands) goes
 * through this: random access by name, so a band is read a tile at a time and never whole into memory.
 */
import { UserError } from '../../../shared/errors';

export interface ProductFiles {
  /** The product as the user named it: the .zip, the .tar or the folder. */
  readonly path: string;
  /** Every file in it, '/'-separated, relative to the archive or the folder. */
  readonly names: readonly string[];
  /** Size in bytes of a file listed in `names`. */
  size(name: string): number;
  /** `length` bytes from `offset` of a file; a file shorter than that (a truncated archive) is a UserError. */
  read(name: string, offset: number, length: number): Promise<Uint8Array>;
  /** How a message names a file of the product: "<archive>!/<name>" or the file's path. */
  label(name: string): string;
  close(): Promise<void>;
}

/** The whole of a small file (metadata), as text. */
export async function readText(files: ProductFiles, name: string): Promise<string> {
  return new TextDecoder().decode(await files.read(name, 0, files.size(name)));
}

/** Metadata files are a few MB at most; a bigger one is not what its name says. */
const MAX_METADATA_BYTES = 64 * 1024 * 1024;

/** readText for a metadata file, refusing one too big to be metadata. */
export async function readMetadata(files: ProductFiles, name: string): Promise<string> {
  if (files.size(name) > MAX_METADATA_BYTES) throw new UserError(`is ${files.size(name)} bytes, too big for a metadata file`, files.label(name));
  return readText(files, name);
}

/** The check every reader of a byte range makes: the range lies inside the file. */
export function requireInside(files: Pick<ProductFiles, 'label'>, name: string, size: number, offset: number, length: number): void {
  if (offset < 0 || length < 0 || offset + length > size) {
    throw new UserError(`is truncated: LCZ Studio needs bytes up to ${offset + length} but it holds ${size} (download the product again)`, files.label(name));
  }
}
