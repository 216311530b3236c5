/**
 * A GeoTIFF inside a product (a Landsat SR_B4.TIF, QA_PIXEL.TIF, in a tar or a folder) read through geotiff.js from
 * the product's files, as a BandSource whose blocks are the file's tiles or strips.
 */
import { GeoTIFF } from 'geotiff';
import { UserError } from '../../../shared/errors';
import { decoderPoolFor } from '../../raster/decoder-pool';
import type { OpenedTiff } from '../../raster/open-geotiff';
import { regularEdges, type BandSource } from './band-source';
import type { ProductFiles } from './product-files';

/**
 * geotiff.js reads its header in large slices that may run past the end of a small file; like its own file source,
 * bytes past the end read as zeros. Bytes the file should hold but does not (a truncated archive) are the product
 * files' UserError.
 */
function productSource(files: ProductFiles, name: string) {
  const size = files.size(name);
  const fetchSlice = async (slice: { offset: number; length: number }) => {
    const data = new Uint8Array(slice.length);
    const inside = Math.max(0, Math.min(slice.length, size - slice.offset));
    if (inside > 0) data.set(await files.read(name, slice.offset, inside));
    return { offset: slice.offset, length: slice.length, data: data.buffer };
  };
  return {
    fileSize: null,
    fetch: async (slices: { offset: number; length: number }[]) => Promise.all(slices.map(async (s) => (await fetchSlice(s)).data)),
    fetchSlice,
    close: async () => {},
  };
}

/** The product file as an OpenedTiff (the same shape open-geotiff.ts gives for a file on disk), its layout checked. */
export async function openProductTiff(files: ProductFiles, name: string, signal?: AbortSignal): Promise<OpenedTiff> {
  const label = files.label(name);
  let tiff: GeoTIFF;
  try {
    tiff = await GeoTIFF.fromSource(productSource(files, name) as unknown as Parameters<typeof GeoTIFF.fromSource>[0], undefined, signal);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`is not a readable GeoTIFF (${error instanceof Error ? error.message : String(error)})`, label);
  }
  tiff.parser.eager = true;
  const image = await tiff.getImage(0).catch((error: unknown) => {
    if (error instanceof UserError) throw error;
    throw new UserError(`is damaged: its image header cannot be read (${error instanceof Error ? error.message : String(error)})`, label);
  });
  const fd = image.getFileDirectory();
  const tiled = fd.hasTag('TileOffsets');
  const offsets = Array.from((await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number>, Number);
  const counts = Array.from((await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number>, Number);
  const end = offsets.reduce((e, offset, i) => Math.max(e, offset + (counts[i] ?? 0)), 0);
  if (end > files.size(name)) throw new UserError(`is truncated: its pixel data run to byte ${end} but it holds ${files.size(name)} (download the product again)`, label);
  return {
    tiff,
    image,
    fileSize: files.size(name),
    close: async () => {
      await tiff.close();
    },
  };
}

export async function openTiffBand(files: ProductFiles, name: string): Promise<BandSource> {
  const label = files.label(name);
  const { image } = await openProductTiff(files, name);
  if (image.getSamplesPerPixel() !== 1) throw new UserError(`has ${image.getSamplesPerPixel()} bands; a band file holds one`, label);
  const pool = await decoderPoolFor(image);
  const width = image.getWidth();
  const height = image.getHeight();
  const colEdges = regularEdges(width, image.getTileWidth());
  const rowEdges = regularEdges(height, image.getTileHeight());
  return {
    width,
    height,
    colEdges,
    rowEdges,
    levels: 0,
    async readBlock(bx, by) {
      const window = [colEdges[bx]!, rowEdges[by]!, colEdges[bx + 1]!, rowEdges[by + 1]!];
      try {
        const [samples] = await image.readRasters({ window, samples: [0], interleave: false, pool });
        return { width: window[2]! - window[0]!, height: window[3]! - window[1]!, samples: samples! };
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw new UserError(`has pixel data that cannot be read (${error instanceof Error ? error.message : String(error)}); the file is damaged`, label);
      }
    },
  };
}
