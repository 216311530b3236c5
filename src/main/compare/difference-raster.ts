import type { DifferenceCodes } from '../../shared/contract/compare';
import { openGeoTiff } from '../raster/open-geotiff';
import type { LczMapHeader } from '../raster/read-lcz-map';
import { rowBlocks } from '../raster/row-blocks';
import { createGeoTiffWriter } from '../raster/write/geotiff-writer';
import { codeRows, differenceColorMap, differenceTable } from './difference-codes';

/**
 * Writes difference.tif from the pass's pair raster, now that every pair is counted and has its code: read back and
 * recoded by row blocks (memory flat), Byte with the code table as its colour table. Returns the code table.
 */
export async function writeDifference(
  pairsPath: string,
  target: string,
  grid: LczMapHeader,
  crossTabCells: Float64Array,
  signal: AbortSignal,
  progress: (rowsDone: number) => void,
): Promise<DifferenceCodes> {
  const { codes, lookup } = differenceTable(crossTabCells);
  const writer = await createGeoTiffWriter(target, {
    width: grid.width,
    height: grid.height,
    bands: 1,
    dataType: 'Byte',
    geoTransform: grid.geoTransform,
    geoKeys: grid.geoKeys,
    nodata: 0,
    palette: differenceColorMap(codes),
    compression: 'deflate',
    bandDescriptions: ['difference: 1 agreement, 2-254 class pairs (A -> B), 255 other pairs; see comparison.json'],
    metadata: { LCZ_DIFFERENCE: '0 = no data, 1 = agreement, 2-254 = one pair (class in A -> class in B) each, 255 = other pairs; codes in comparison.json' },
  });
  const pairs = await openGeoTiff(pairsPath, signal);
  try {
    for await (const block of rowBlocks(pairs.image, pairsPath, [0], signal)) {
      const out = new Uint8Array(block.bands[0]!.length);
      codeRows(block.bands[0]!, lookup, out);
      await writer.writeRows(block.y0, [out]);
      progress(block.y0 + block.rows);
    }
    await writer.finish();
  } finally {
    await writer.abort();
    await pairs.close();
  }
  return codes;
}
