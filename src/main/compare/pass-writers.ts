import { join } from 'node:path';
import { PROBABILITY_NODATA, PROBABILITY_SCALE } from '../mapping/output-encoding';
import type { LczMapHeader } from '../raster/read-lcz-map';
import { createGeoTiffWriter, type GeoTiffWriter } from '../raster/write/geotiff-writer';
import { COMPARISON_FILES } from './write-comparison';

/** The rasters the comparison pass writes row range by row range, on the first map's grid, into the staging folder. */
export interface PassWriters {
  /** Every cell's class pair (cross-tab.ts), UInt16: the difference raster's codes are chosen from it afterwards. */
  pairs: GeoTiffWriter;
  pairsPath: string;
  /** Jensen-Shannon divergence x 10^4, UInt16, when both maps have probabilities. */
  divergence: GeoTiffWriter | null;
  divergencePath: string | null;
  finish(): Promise<void>;
  /** Removes what was not finished (nothing after finish()). */
  abort(): Promise<void>;
}

export async function openRowWriters(staging: string, grid: LczMapHeader, withDivergence: boolean): Promise<PassWriters> {
  const base = { width: grid.width, height: grid.height, bands: 1, geoTransform: grid.geoTransform, geoKeys: grid.geoKeys, compression: 'deflate' as const };
  const pairsPath = join(staging, 'pairs.tif');
  const pairs = await createGeoTiffWriter(pairsPath, { ...base, dataType: 'UInt16', nodata: 0, deflateLevel: 1 });
  let divergence: GeoTiffWriter | null = null;
  const divergencePath = withDivergence ? join(staging, COMPARISON_FILES.divergence) : null;
  if (divergencePath) {
    divergence = await createGeoTiffWriter(divergencePath, {
      ...base,
      dataType: 'UInt16',
      nodata: PROBABILITY_NODATA,
      bandDescriptions: ['Jensen-Shannon divergence of the two maps\' class probabilities'],
      metadata: { SCALE_NOTE: `value = stored / ${PROBABILITY_SCALE}, base 2 (0 same probabilities, 1 no class in common); ${PROBABILITY_NODATA} = no data` },
    }).catch(async (error: unknown) => {
      await pairs.abort();
      throw error;
    });
  }
  const all = [pairs, divergence].filter((w): w is GeoTiffWriter => w !== null);
  return {
    pairs,
    pairsPath,
    divergence,
    divergencePath,
    finish: async () => {
      for (const w of all) await w.finish();
    },
    abort: async () => {
      await Promise.all(all.map((w) => w.abort()));
    },
  };
}
