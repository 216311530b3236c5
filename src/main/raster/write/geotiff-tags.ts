/**
 * Every tag of the one image directory we write: the image structure, the strip tables, the georeferencing
 * (ModelPixelScale + ModelTiepoint or ModelTransformation, and the GeoKeys verbatim) and GDAL's tags.
 */
import type { GeoTransform } from '../../../shared/geo';
import type { GeoKeyTags } from '../lcz-map';
import { gdalMetadataXml, gdalNodataText } from './gdal-metadata';
import type { TiffLayout } from './geotiff-options';
import { asciiEntry, doubleEntry, long8Entry, longEntry, shortEntry, type IfdEntry } from './ifd';

const GT_RASTER_TYPE_GEO_KEY = 1025;
const RASTER_PIXEL_IS_POINT = 2;
const SOFTWARE = 'LCZ Studio';

export function imageTags(layout: TiffLayout, stripOffsets: readonly number[], stripByteCounts: readonly number[]): IfdEntry[] {
  const { options, width, height, bands, type } = layout;
  const perBand = (v: number) => new Array<number>(bands).fill(v);
  const offsets = layout.bigTiff ? long8Entry : longEntry;
  const entries: IfdEntry[] = [
    longEntry(256, [width]),
    longEntry(257, [height]),
    shortEntry(258, perBand(8 * type.bytes)),
    shortEntry(259, [layout.deflate ? 8 : 1]), // 8: Adobe DEFLATE, what GDAL writes
    shortEntry(262, [options.palette ? 3 : 1]), // palette colour, or grey (min is black)
    offsets(273, stripOffsets),
    shortEntry(277, [bands]),
    longEntry(278, [layout.rowsPerStrip]),
    offsets(279, stripByteCounts),
    shortEntry(284, [layout.pixelInterleaved || bands === 1 ? 1 : 2]),
    asciiEntry(305, SOFTWARE),
    shortEntry(339, perBand(type.sampleFormat)),
  ];
  if (layout.predictor !== 1) entries.push(shortEntry(317, [layout.predictor]));
  // Bands past the first of a grey image are "extra samples" of unspecified meaning, as GDAL writes them.
  if (bands > 1) entries.push(shortEntry(338, new Array<number>(bands - 1).fill(0)));
  if (options.palette) entries.push(shortEntry(320, options.palette));
  if (options.description) entries.push(asciiEntry(270, options.description));
  if (options.geoTransform) entries.push(...georeferencing(options.geoTransform, options.geoKeys));
  const metadata = gdalMetadataXml(options);
  if (metadata) entries.push(asciiEntry(42112, metadata));
  if (options.nodata !== undefined && options.nodata !== null) entries.push(asciiEntry(42113, gdalNodataText(options.nodata)));
  return entries;
}

/** ModelPixelScale + ModelTiepoint for a north-up grid, else ModelTransformation; and the geokeys verbatim. */
function georeferencing(gt: GeoTransform, keys: GeoKeyTags | undefined): IfdEntry[] {
  const [x0, dx, rx, y0, ry, dy] = gt;
  // GDAL's geotransform addresses the corner of the first cell. For a PixelIsPoint raster the TIFF tiepoint is
  // the cell centre (GDAL shifts it by half a cell on reading), so shift it back to keep the same grid.
  const isPoint = keys !== undefined && rasterType(keys) === RASTER_PIXEL_IS_POINT;
  const ox = isPoint ? x0 + 0.5 * dx + 0.5 * rx : x0;
  const oy = isPoint ? y0 + 0.5 * ry + 0.5 * dy : y0;
  const out: IfdEntry[] = [];
  if (rx === 0 && ry === 0) {
    out.push(doubleEntry(33550, [dx, -dy, 0]), doubleEntry(33922, [0, 0, 0, ox, oy, 0]));
  } else {
    out.push(doubleEntry(34264, [dx, rx, 0, ox, ry, dy, 0, oy, 0, 0, 0, 0, 0, 0, 0, 1]));
  }
  if (keys && keys.GeoKeyDirectory.length >= 4) {
    out.push(shortEntry(34735, keys.GeoKeyDirectory));
    if (keys.GeoDoubleParams && keys.GeoDoubleParams.length > 0) out.push(doubleEntry(34736, keys.GeoDoubleParams));
    if (keys.GeoAsciiParams) out.push(asciiEntry(34737, keys.GeoAsciiParams));
  }
  return out;
}

function rasterType(keys: GeoKeyTags): number | undefined {
  const dir = keys.GeoKeyDirectory;
  for (let i = 4; i + 3 < dir.length; i += 4) {
    if (dir[i] === GT_RASTER_TYPE_GEO_KEY && dir[i + 1] === 0) return dir[i + 3];
  }
  return undefined;
}
