import type { GeoTIFFImage } from 'geotiff';
import type { LonLatBox } from '../../shared/contract/scenes';
import { aoiWindow } from './aoi';
import { openProductSource } from './products/open-product';
import type { SceneFile } from './scene-file';
import type { SceneArea, SceneSource, SceneWindow } from './scene-source';
import { TiffSceneSource } from './tiff-scene-source';

export type { SceneArea, SceneWindow } from './scene-source';

export interface SceneOpenOptions {
  /** Read only this part of the scene (scene settings' aoi): the scene is then that part. */
  aoi?: LonLatBox | null;
}

/**
 * A multispectral scene as every reader of scene pixels sees it (mapping, preview, sampling, training patches):
 * a GeoTIFF, or a satellite product as downloaded (a Sentinel-2 SAFE .zip or folder, a Landsat Collection 2 .tar or
 * folder: products/), cropped to an area of interest when one is given. Reads are in windows, so memory follows the
 * window, never the scene; close() when done.
 */
export class SceneReader {
  private constructor(private readonly source: SceneSource) {}

  static async open(path: string, signal?: AbortSignal, options: SceneOpenOptions = {}): Promise<SceneReader> {
    const aoi = options.aoi ?? null;
    const product = await openProductSource(path, aoi, signal);
    if (product) return new SceneReader(product);
    return new SceneReader(await TiffSceneSource.open(path, signal, aoi ? (file) => aoiWindow(file, aoi) : null));
  }

  /** A reader over another source (a scene seen through equivalent bands: band-equivalence.ts). */
  static of(source: SceneSource): SceneReader {
    return new SceneReader(source);
  }

  get scene(): SceneFile {
    return this.source.scene;
  }

  /** The GeoTIFF image of a GeoTIFF scene (tests count its block decodes); products have none. */
  get image(): GeoTIFFImage {
    if (!(this.source instanceof TiffSceneSource)) throw new Error(`${this.scene.path} is not a GeoTIFF scene`);
    return this.source.image;
  }

  /** Rows [y0, y1) of the given bands (0-based file band indices). */
  read(y0: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneWindow> {
    return this.source.read(y0, y1, bands, signal);
  }

  /** A rectangle of the given bands, with the reason of every masked pixel when the scene is a product. */
  readArea(x0: number, y0: number, x1: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneArea> {
    return this.source.readArea(x0, y0, x1, y1, bands, signal);
  }

  /**
   * The scene about `factor` times smaller for these bands, read directly at a reduced resolution when the scene can
   * (a Sentinel-2 product's JPEG 2000 levels); null otherwise. Closing it leaves this reader open.
   */
  async overview(factor: number, bands: readonly number[]): Promise<SceneReader | null> {
    const reduced = await this.source.overview?.(factor, bands);
    return reduced ? new SceneReader(reduced) : null;
  }

  close(): Promise<void> {
    return this.source.close();
  }
}

/** A scene's description (a GeoTIFF's or a product's), cropped to `aoi` when given; the pixels are not read. */
export async function describeSceneAt(path: string, options: SceneOpenOptions = {}, signal?: AbortSignal): Promise<SceneFile> {
  const reader = await SceneReader.open(path, signal, options);
  try {
    return reader.scene;
  } finally {
    await reader.close();
  }
}
