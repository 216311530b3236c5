import type { TypedArray } from 'geotiff';
import { UserError } from '../../shared/errors';
import { decoderPoolFor } from './decoder-pool';
import { openGeoTiff } from './open-geotiff';

/** Every band of a small raster (a mapping output: a few MB), one array per band. */
export async function readAllBands(path: string, signal?: AbortSignal): Promise<{ width: number; height: number; bands: TypedArray[] }> {
  const opened = await openGeoTiff(path, signal);
  try {
    const { image } = opened;
    const pool = await decoderPoolFor(image);
    try {
      const bands = Array.from(await image.readRasters({ interleave: false, pool, signal }));
      return { width: image.getWidth(), height: image.getHeight(), bands };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new UserError(`has pixel data that cannot be decoded (${error instanceof Error ? error.message : String(error)})`, path);
    }
  } finally {
    await opened.close();
  }
}
