import { getDecoder, type GeoTIFFImage, type Pool, type TypedArray } from 'geotiff';
import type { BlockCache } from './block-cache';

type TypedArrayConstructor = new (buffer: ArrayBufferLike) => TypedArray;
type BlockDecoder = Parameters<GeoTIFFImage['getTileOrStrip']>[3];

/** Thrown by the recorder below once it has the decoder: readRasters then stops before it reads anything. */
const BOUND = Symbol('decoder bound');

/**
 * geotiff's decoder for the image's blocks, bound to the parameters readRasters binds it to. geotiff does not
 * export how it derives them from the file, so they are caught from a one-pixel readRasters through a pool that
 * records them (readRasters accepts any object with bindParameters). The read is stopped there: it would decode the
 * first block, which for a scene stored as one strip is the whole scene.
 */
export async function blockDecoderFor(image: GeoTIFFImage, pool: Pool | undefined): Promise<BlockDecoder> {
  let bound: BlockDecoder | undefined;
  const recorder = {
    bindParameters(compression: number, parameters: Parameters<typeof getDecoder>[1]): never {
      const decoder = pool ? pool.bindParameters(compression, parameters) : { decode: async (block: ArrayBufferLike) => (await getDecoder(compression, parameters)).decode(block) };
      bound = decoder as BlockDecoder;
      throw BOUND;
    },
  };
  try {
    await image.readRasters({ window: [0, 0, 1, 1], samples: [0], pool: recorder as unknown as Pool });
  } catch (error) {
    if (error !== BOUND) throw error;
  }
  if (!bound) throw new Error('geotiff did not bind a decoder');
  return bound;
}

/**
 * Rows [y0, y1) of some bands, copied from the decoded strips or tiles with typed-array loops. geotiff's own
 * readRasters reads every sample through a DataView call, which made decoding the largest cost of mapping after
 * the model itself. Returns null when the file needs that general path: big-endian data, or samples of different
 * types. With a `cache`, blocks that reach below the window are kept for the next one.
 */
export async function readRowsByBlocks(
  image: GeoTIFFImage,
  decoder: BlockDecoder,
  y0: number,
  y1: number,
  bands: readonly number[],
  signal?: AbortSignal,
  cache?: BlockCache,
): Promise<TypedArray[] | null> {
  if (!image.littleEndian || bands.length === 0) return null;
  const width = image.getWidth();
  const height = image.getHeight();
  const samplesPerPixel = image.getSamplesPerPixel();
  const size = image.getSampleByteSize(0);
  const arrays = bands.map((b) => image.getArrayForSample(b, width * (y1 - y0)));
  const View = arrays[0]!.constructor as TypedArrayConstructor;
  for (let s = 0; s < samplesPerPixel; s++) {
    if (image.getSampleByteSize(s) !== size || image.getArrayForSample(s, 0).constructor !== View) return null;
  }
  const chunky = image.planarConfiguration === 1;
  const tileWidth = image.getTileWidth();
  const tileHeight = image.getTileHeight();
  const copies: Promise<void>[] = [];
  cache?.startRead(y0);
  const block = (xTile: number, yTile: number, sample: number, lastRow: number): Promise<ArrayBufferLike> => {
    const decode = () => image.getTileOrStrip(xTile, yTile, sample, decoder, signal).then((tile) => tile.data);
    return cache ? cache.get(`${xTile}/${yTile}/${sample}`, lastRow, y1, decode) : decode();
  };
  for (let yTile = Math.floor(y0 / tileHeight); yTile < Math.ceil(y1 / tileHeight); yTile++) {
    const firstLine = yTile * tileHeight;
    const yStart = Math.max(0, y0 - firstLine);
    const blockRows = image.getBlockHeight(yTile);
    const yEnd = Math.min(blockRows, y1 - firstLine, height - firstLine);
    // Tiles of the last row are padded past the image: its bottom is where they end for the reads.
    const blockEnd = Math.min(firstLine + blockRows, height);
    for (let xTile = 0; xTile < Math.ceil(width / tileWidth); xTile++) {
      const firstCol = xTile * tileWidth;
      const xEnd = Math.min(tileWidth, width - firstCol);
      const place = (view: TypedArray, stride: number, offset: number, dst: TypedArray) => {
        for (let y = yStart; y < yEnd; y++) {
          const from = y * tileWidth * stride + offset;
          const to = (firstLine + y - y0) * width + firstCol;
          if (stride === 1) dst.set(view.subarray(from, from + xEnd), to);
          else for (let x = 0; x < xEnd; x++) dst[to + x] = view[from + x * stride]!;
        }
      };
      if (chunky) {
        // One block holds every band, pixel-interleaved.
        copies.push(
          block(xTile, yTile, 0, blockEnd).then((data) => {
            const view = new View(data);
            bands.forEach((band, i) => place(view, samplesPerPixel, band, arrays[i]!));
          }),
        );
      } else {
        bands.forEach((band, i) => {
          copies.push(block(xTile, yTile, band, blockEnd).then((data) => place(new View(data), 1, 0, arrays[i]!)));
        });
      }
    }
  }
  await Promise.all(copies);
  return arrays;
}
