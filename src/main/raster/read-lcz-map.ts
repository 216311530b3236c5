import { basename, extname } from 'node:path';
import { UserError } from '../../shared/errors';
import { crsFromGeoKeys } from './crs';
import { numberKey, parseGeoKeys } from './geokeys';
import type { LczMap } from './lcz-map';
import { LczValueMapper } from './lcz-values';
import { openGeoTiff, type OpenedTiff } from './open-geotiff';
import { rowBlocks } from './row-blocks';
import { gdalDataType, gdalNodata, readGeoKeyTags, readGeoreferencing } from './tiff-meta';

/**
 * The largest map opened, in cells: the classes take one byte per cell in the main process, and the display grid and
 * areas more on top. 400 million cells (20 000 x 20 000, a 100 m map of a 2000 km square) keeps that well under a
 * desktop's memory; anything larger would freeze the app, and past 2^32 cells it cannot even be allocated.
 */
export const MAX_LCZ_MAP_CELLS = 400_000_000;

const count = (cells: number): string => cells.toLocaleString('en-US');

/** An LCZ map's header: everything readLczMap returns but the classes (and the notes, known once it is read). */
export type LczMapHeader = Omit<LczMap, 'classes' | 'notes'>;

/**
 * Checks that an opened GeoTIFF can be an LCZ map (one band, north-up georeferencing, a CRS LCZ Studio understands,
 * at most MAX_LCZ_MAP_CELLS) and describes it, before any pixel is read. Shared by readLczMap and the streamed
 * readers (map comparison), so a file is refused with the same message whichever reads it.
 */
export function describeLczImage(opened: OpenedTiff, path: string): LczMapHeader {
  const { image } = opened;
  const bands = image.getSamplesPerPixel();
  if (bands !== 1) throw new UserError(`has ${bands} bands; an LCZ map has one (is this a satellite scene?)`, path);
  const width = image.getWidth();
  const height = image.getHeight();
  if (width * height > MAX_LCZ_MAP_CELLS) {
    throw new UserError(
      `is ${width} x ${height} = ${count(width * height)} cells, more than the ${count(MAX_LCZ_MAP_CELLS)} LCZ Studio can open as a map; ` +
        'resample it to coarser cells (gdalwarp -tr) or cut it into tiles (gdal_translate -srcwin)',
      path,
    );
  }
  const sourceDtype = gdalDataType(image, path);

  const geoKeys = readGeoKeyTags(image);
  const keys = geoKeys ? parseGeoKeys(geoKeys) : {};
  const georef = readGeoreferencing(image, numberKey(keys, 'GTRasterTypeGeoKey') === 2);
  if (georef === 'gcps') {
    throw new UserError('is georeferenced by ground control points only; warp it to a grid first (gdalwarp)', path);
  }
  if (!georef) throw new UserError('has no georeferencing (no ModelTiepoint/ModelPixelScale or ModelTransformation tags)', path);
  if (georef.rotated) {
    throw new UserError('has a rotated geotransform, which LCZ Studio does not support; warp it north-up first (gdalwarp)', path);
  }
  if (!geoKeys) throw new UserError('has no coordinate reference system (no GeoKeyDirectory tag)', path);
  const crs = crsFromGeoKeys(geoKeys);
  if (!crs.proj4) throw new UserError(`has a coordinate reference system LCZ Studio cannot interpret (${crs.name})`, path);

  const nodata = gdalNodata(image);
  return {
    path,
    name: basename(path, extname(path)),
    width,
    height,
    geoTransform: georef.geoTransform,
    crs,
    geoKeys,
    sourceDtype,
    // NaN/infinite nodata cannot travel through the JSON contract; such cells are nodata (0) in classes anyway.
    sourceNodata: nodata !== null && Number.isFinite(nodata) ? nodata : null,
  };
}

/**
 * Reads an LCZ map GeoTIFF as found in the wild (any integer or float type, palette or not, any nodata, legacy
 * codes 101-107, any CRS, striped or tiled, any common compression, big-endian, BigTIFF, with overviews) into
 * one byte per cell. Anything that is not a usable LCZ map throws a UserError naming the file and the problem.
 */
export async function readLczMap(path: string, signal?: AbortSignal): Promise<LczMap> {
  const opened = await openGeoTiff(path, signal);
  try {
    const header = describeLczImage(opened, path);
    const { width, height } = header;
    const mapper = new LczValueMapper(gdalNodata(opened.image), header.sourceDtype);
    const classes = new Uint8Array(width * height);
    for await (const block of rowBlocks(opened.image, path, [0], signal)) {
      mapper.map(block.bands[0]!, classes, block.y0 * width);
    }
    mapper.check(path);
    return { ...header, classes, notes: mapper.notes() };
  } finally {
    await opened.close();
  }
}
