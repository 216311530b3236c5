import type { GeoTIFFImage, TypedArray } from 'geotiff';
import { UserError } from '../../shared/errors';
import { decoderPoolFor } from './decoder-pool';

export interface RowBlock {
  /** First row of the block. */
  y0: number;
  rows: number;
  /** One array per requested sample, row-major, width * rows values. */
  bands: TypedArray[];
}

/** About this many cells per band per read: a few MB whatever the scene size. */
const CELLS_PER_READ = 1 << 20;

/** Rows per strip or tile: reads are aligned to it so each block is decoded exactly once. */
function blockHeight(image: GeoTIFFImage): number {
  const fd = image.getFileDirectory();
  const value = fd.hasTag('TileLength') ? fd.getValue('TileLength') : fd.getValue('RowsPerStrip');
  const rows = Number(value ?? image.getHeight());
  return rows > 0 ? Math.min(rows, image.getHeight()) : image.getHeight();
}

/**
 * Reads the full-resolution image in horizontal bands of whole strips/tiles, so memory stays flat however
 * large the scene. Decoding failures become a UserError naming the file; cancellation stays an abort.
 */
export async function* rowBlocks(image: GeoTIFFImage, path: string, samples: number[], signal?: AbortSignal): AsyncGenerator<RowBlock> {
  const width = image.getWidth();
  const height = image.getHeight();
  const unit = blockHeight(image);
  const step = unit * Math.max(1, Math.floor(CELLS_PER_READ / (width * unit)));
  const pool = await decoderPoolFor(image);
  for (let y0 = 0; y0 < height; y0 += step) {
    signal?.throwIfAborted();
    const y1 = Math.min(height, y0 + step);
    let bands: TypedArray[];
    try {
      const result = await image.readRasters({ window: [0, y0, width, y1], samples, interleave: false, pool, signal });
      bands = Array.from(result);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      // Decoders throw strings or bare objects too; only show a detail that says something.
      const detail = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
      const rowsText = y1 - y0 === height ? '' : ` in rows ${y0}-${y1 - 1}`;
      throw new UserError(`has pixel data${rowsText} that cannot be decoded${detail ? ` (${detail})` : ''}; the file may be damaged`, path);
    }
    yield { y0, rows: y1 - y0, bands };
  }
}
