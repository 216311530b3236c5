import type { GeoTIFFImage, TypedArray } from 'geotiff';
import { UserError } from '../../shared/errors';
import { decoderPoolFor } from '../raster/decoder-pool';
import { openGeoTiff, type OpenedTiff } from '../raster/open-geotiff';
import { cropScene, type PixelWindow } from './aoi';
import { BlockCache } from './block-cache';
import { blockDecoderFor, readRowsByBlocks } from './block-copy';
import { describeScene } from './scene-file';
import type { SceneArea, SceneSource, SceneWindow } from './scene-source';

/** Columns [x, x + width) of each row of a window `width` wide. */
function cropColumns(bands: TypedArray[], fullWidth: number, rows: number, x: number, width: number): TypedArray[] {
  if (x === 0 && width === fullWidth) return bands;
  return bands.map((band) => {
    const out = new (band.constructor as new (n: number) => TypedArray)(width * rows);
    for (let r = 0; r < rows; r++) out.set(band.subarray(r * fullWidth + x, r * fullWidth + x + width), r * width);
    return out;
  });
}

/**
 * A GeoTIFF scene read in horizontal windows, so memory follows the window, never the scene. The file stays open
 * between reads; close() when done. Decoding failures become a UserError naming the file and the rows. With an area of
 * interest, rows are read across the file and cut to the area's columns.
 */
export class TiffSceneSource implements SceneSource {
  /** geotiff's block decoder, for the fast path of read(); made on the first read. */
  private decoder: ReturnType<typeof blockDecoderFor> | null = null;
  /** Blocks taller than a window (a scene stored as one strip), kept so each is decoded once per pass down the scene. */
  private readonly blocks = new BlockCache();

  private constructor(
    readonly scene: ReturnType<typeof cropScene>,
    private readonly window: PixelWindow,
    private readonly fullWidth: number,
    private readonly opened: OpenedTiff,
    private readonly pool: Awaited<ReturnType<typeof decoderPoolFor>>,
  ) {}

  /** Opens the GeoTIFF; `crop` (from an area of interest) in pixels of the file, given the file's own description. */
  static async open(path: string, signal: AbortSignal | undefined, crop: ((scene: Awaited<ReturnType<typeof describeScene>>) => PixelWindow) | null): Promise<TiffSceneSource> {
    const opened = await openGeoTiff(path, signal);
    try {
      const file = await describeScene(opened, path);
      const window = crop ? crop(file) : { x: 0, y: 0, width: file.width, height: file.height };
      const scene = crop ? cropScene(file, window) : file;
      return new TiffSceneSource(scene, window, file.width, opened, await decoderPoolFor(opened.image));
    } catch (error) {
      await opened.close();
      throw error;
    }
  }

  get image(): GeoTIFFImage {
    return this.opened.image;
  }

  async read(y0: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneWindow> {
    const { width, height } = this.scene;
    const top = Math.max(0, y0);
    const bottom = Math.min(height, y1);
    const rows = await this.fileRows(top + this.window.y, bottom + this.window.y, bands, signal);
    return { y0: top, rows: bottom - top, width, bands: cropColumns(rows, this.fullWidth, bottom - top, this.window.x, width) };
  }

  /** The rows last read for readArea: areas side by side (a sample's row of areas) share one read of their rows. */
  private lastRows: { key: string; read: Promise<SceneWindow> } | null = null;

  async readArea(x0: number, y0: number, x1: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneArea> {
    const key = `${y0}:${y1}:${bands.join(',')}`;
    if (this.lastRows?.key !== key) this.lastRows = { key, read: this.read(y0, y1, bands, signal) };
    const read = await this.lastRows.read;
    return { x0, y0: read.y0, width: x1 - x0, height: read.rows, bands: cropColumns(read.bands, read.width, read.rows, x0, x1 - x0), reasons: null };
  }

  /** Rows [top, bottom) of the file, across it. */
  private async fileRows(top: number, bottom: number, bands: readonly number[], signal?: AbortSignal): Promise<TypedArray[]> {
    signal?.throwIfAborted();
    try {
      this.decoder ??= blockDecoderFor(this.image, this.pool);
      const copied = await readRowsByBlocks(this.image, await this.decoder, top, bottom, bands, signal, this.blocks);
      if (copied) return copied;
      const result = await this.image.readRasters({ window: [0, top, this.fullWidth, bottom], samples: [...bands], interleave: false, pool: this.pool, signal });
      return Array.from(result);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
      // A file deleted or truncated while open surfaces here too.
      throw new UserError(`has pixel data in rows ${top}-${bottom - 1} that cannot be read${detail ? ` (${detail})` : ''}; the file may be damaged or was changed while open`, this.scene.path);
    }
  }

  async close(): Promise<void> {
    this.blocks.clear();
    await this.opened.close();
  }
}
