import type { GeoTIFFImage, TypedArray } from 'geotiff';
import { UserError } from '../../shared/errors';
import { decoderPoolFor } from '../raster/big-endian-predictor';
import { openGeoTiff, type OpenedTiff } from '../raster/open-geotiff';
import { BlockCache } from './block-cache';
import { blockDecoderFor, readRowsByBlocks } from './block-copy';
import { describeScene, type SceneFile } from './scene-file';

/** Rows of some bands of a scene, as stored (raw DN), one array per requested band. */
export interface SceneWindow {
  y0: number;
  rows: number;
  width: number;
  /** Indexed like the `bands` argument of read(). */
  bands: TypedArray[];
}

/**
 * Reads a scene in horizontal windows, so memory follows the window, never the scene. The file stays open
 * between reads; close() when done. Decoding failures become a UserError naming the file and the rows.
 */
export class SceneReader {
  /** geotiff's block decoder, for the fast path of read(); made on the first read. */
  private decoder: ReturnType<typeof blockDecoderFor> | null = null;
  /** Blocks taller than a window (a scene stored as one strip), kept so each is decoded once per pass down the scene. */
  private readonly blocks = new BlockCache();

  private constructor(
    readonly scene: SceneFile,
    private readonly opened: OpenedTiff,
    private readonly pool: Awaited<ReturnType<typeof decoderPoolFor>>,
  ) {}

  static async open(path: string, signal?: AbortSignal): Promise<SceneReader> {
    const opened = await openGeoTiff(path, signal);
    try {
      const scene = await describeScene(opened, path);
      return new SceneReader(scene, opened, await decoderPoolFor(opened.image));
    } catch (error) {
      await opened.close();
      throw error;
    }
  }

  get image(): GeoTIFFImage {
    return this.opened.image;
  }

  /** Rows per strip or tile: windows aligned to it decode each block once. */
  get blockHeight(): number {
    const fd = this.image.getFileDirectory();
    const value = fd.hasTag('TileLength') ? fd.getValue('TileLength') : fd.getValue('RowsPerStrip');
    const rows = Number(value ?? this.scene.height);
    return rows > 0 ? Math.min(rows, this.scene.height) : this.scene.height;
  }

  /** Rows [y0, y1) of the given bands (0-based file band indices). */
  async read(y0: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneWindow> {
    const { width, height, path } = this.scene;
    const top = Math.max(0, y0);
    const bottom = Math.min(height, y1);
    signal?.throwIfAborted();
    try {
      this.decoder ??= blockDecoderFor(this.image, this.pool);
      const copied = await readRowsByBlocks(this.image, await this.decoder, top, bottom, bands, signal, this.blocks);
      if (copied) return { y0: top, rows: bottom - top, width, bands: copied };
      const result = await this.image.readRasters({ window: [0, top, width, bottom], samples: [...bands], interleave: false, pool: this.pool, signal });
      return { y0: top, rows: bottom - top, width, bands: Array.from(result) };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
      // A file deleted or truncated while open surfaces here too.
      throw new UserError(`has pixel data in rows ${top}-${bottom - 1} that cannot be read${detail ? ` (${detail})` : ''}; the file may be damaged or was changed while open`, path);
    }
  }

  async close(): Promise<void> {
    this.blocks.clear();
    await this.opened.close();
  }
}
