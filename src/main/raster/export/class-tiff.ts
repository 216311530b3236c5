/**
 * Encodes an LCZ class grid as a plain (strip, uncompressed, little-endian) GeoTIFF that GDAL then turns into the
 * Cloud Optimized product. We write this small TIFF ourselves rather than with geotiff.js's writer because that
 * one reserves a fixed 1000 bytes for the IFD (a 256-entry ColorMap alone is 1536 bytes) and has no GDAL_NODATA.
 * Everything GDAL needs to carry over is here: the geokeys verbatim, the grid, nodata 0 and the LCZ palette.
 */
import type { GeoTransform } from '../../../shared/geo';
import type { GeoKeyTags } from '../lcz-map';
import { LCZ_CLASSES, LCZ_CLASS_COUNT, hexToRgb } from '../../../shared/lcz-classes';

export interface ClassTiffInput {
  width: number;
  height: number;
  /** Row-major, 0 = nodata, 1..17. */
  classes: Uint8Array;
  geoTransform: GeoTransform;
  geoKeys: GeoKeyTags;
  /** Written as the TIFF ImageDescription (GDAL: TIFFTAG_IMAGEDESCRIPTION). */
  description?: string;
  /** Dataset metadata items (GDAL_METADATA tag), e.g. { SYNTHETIC: 'YES' }. */
  metadata?: Record<string, string>;
  /** Band description (GDAL_METADATA role="description"). */
  bandDescription?: string;
}

const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const ASCII = 2;
const GT_RASTER_TYPE_GEO_KEY = 1025;
const RASTER_PIXEL_IS_POINT = 2;

interface Entry {
  tag: number;
  type: number;
  count: number;
  bytes: Uint8Array;
}

/** The 256-entry TIFF ColorMap (16 bits a channel): the LCZ colours at 1..17, black elsewhere (0 is nodata). */
export function lczColorMap(): Uint16Array {
  const map = new Uint16Array(3 * 256);
  for (const c of LCZ_CLASSES) {
    const [r, g, b] = hexToRgb(c.color);
    map[c.value] = r * 257;
    map[256 + c.value] = g * 257;
    map[512 + c.value] = b * 257;
  }
  return map;
}

export function encodeClassTiff(input: ClassTiffInput): Uint8Array {
  const { width, height, classes } = input;
  if (classes.length !== width * height) throw new Error(`class grid has ${classes.length} cells, expected ${width} x ${height}`);
  for (let i = 0; i < classes.length; i++) {
    if (classes[i]! > LCZ_CLASS_COUNT) throw new Error(`class grid holds ${classes[i]} at cell ${i}; LCZ classes are 0-17`);
  }
  // Classic TIFF offsets are 32-bit; an LCZ map at 100 m this large would cover a continent.
  if (classes.length > 0xffff_0000 - 65536) throw new Error(`class grid of ${width} x ${height} is too large for a classic TIFF`);

  const entries: Entry[] = [
    long(256, [width]),
    long(257, [height]),
    short(258, [8]),
    short(259, [1]), // no compression: GDAL compresses the product
    short(262, [3]), // palette colour
    long(273, [0]), // StripOffsets, patched below
    short(277, [1]),
    long(278, [height]),
    long(279, [classes.length]),
    short(284, [1]),
    short(320, Array.from(lczColorMap())),
    short(339, [1]), // unsigned integer samples
    ascii(305, 'LCZ Studio'),
    ascii(42113, '0'), // GDAL_NODATA
  ];
  if (input.description) entries.push(ascii(270, input.description));
  const gdalMetadata = gdalMetadataXml(input.metadata ?? {}, input.bandDescription);
  if (gdalMetadata) entries.push(ascii(42112, gdalMetadata));
  entries.push(...georeferencing(input.geoTransform, input.geoKeys));
  entries.sort((a, b) => a.tag - b.tag);

  const ifdSize = 2 + 12 * entries.length + 4;
  let extraSize = 0;
  for (const e of entries) if (e.bytes.length > 4) extraSize += e.bytes.length + (e.bytes.length & 1);
  const dataOffset = 8 + ifdSize + extraSize;
  const stripOffsets = entries.find((e) => e.tag === 273)!;
  new DataView(stripOffsets.bytes.buffer).setUint32(0, dataOffset, true);

  const out = new Uint8Array(dataOffset + classes.length);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]); // "II", 42: little-endian classic TIFF
  view.setUint32(4, 8, true);
  view.setUint16(8, entries.length, true);
  let at = 10;
  let extraAt = 8 + ifdSize;
  for (const e of entries) {
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    view.setUint32(at + 4, e.count, true);
    if (e.bytes.length <= 4) {
      out.set(e.bytes, at + 8);
    } else {
      view.setUint32(at + 8, extraAt, true);
      out.set(e.bytes, extraAt);
      extraAt += e.bytes.length + (e.bytes.length & 1); // values start on a word boundary
    }
    at += 12;
  }
  view.setUint32(at, 0, true); // no next IFD
  out.set(classes, dataOffset);
  return out;
}

/** ModelPixelScale + ModelTiepoint for a north-up grid, else ModelTransformation; and the geokeys verbatim. */
function georeferencing(gt: GeoTransform, keys: GeoKeyTags): Entry[] {
  const [x0, dx, rx, y0, ry, dy] = gt;
  // GDAL's geotransform addresses the corner of the first cell. For a PixelIsPoint raster the TIFF tiepoint is
  // the cell centre (GDAL shifts it by half a cell on reading), so shift it back to keep the same grid.
  const isPoint = rasterType(keys) === RASTER_PIXEL_IS_POINT;
  const ox = isPoint ? x0 + 0.5 * dx + 0.5 * rx : x0;
  const oy = isPoint ? y0 + 0.5 * ry + 0.5 * dy : y0;
  const out: Entry[] = [];
  if (rx === 0 && ry === 0) {
    out.push(double(33550, [dx, -dy, 0]), double(33922, [0, 0, 0, ox, oy, 0]));
  } else {
    out.push(double(34264, [dx, rx, 0, ox, ry, dy, 0, oy, 0, 0, 0, 0, 0, 0, 0, 1]));
  }
  if (keys.GeoKeyDirectory.length >= 4) {
    out.push(short(34735, keys.GeoKeyDirectory));
    if (keys.GeoDoubleParams && keys.GeoDoubleParams.length > 0) out.push(double(34736, keys.GeoDoubleParams));
    if (keys.GeoAsciiParams) out.push(ascii(34737, keys.GeoAsciiParams));
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

function gdalMetadataXml(items: Record<string, string>, bandDescription: string | undefined): string | undefined {
  const lines = Object.entries(items).map(([k, v]) => `  <Item name="${xml(k)}">${xml(v)}</Item>`);
  if (bandDescription) lines.push(`  <Item name="DESCRIPTION" sample="0" role="description">${xml(bandDescription)}</Item>`);
  return lines.length ? `<GDALMetadata>\n${lines.join('\n')}\n</GDALMetadata>` : undefined;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function short(tag: number, values: ArrayLike<number>): Entry {
  const bytes = new Uint8Array(2 * values.length);
  const v = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) v.setUint16(2 * i, values[i]!, true);
  return { tag, type: SHORT, count: values.length, bytes };
}

function long(tag: number, values: number[]): Entry {
  const bytes = new Uint8Array(4 * values.length);
  const v = new DataView(bytes.buffer);
  values.forEach((n, i) => v.setUint32(4 * i, n, true));
  return { tag, type: LONG, count: values.length, bytes };
}

function double(tag: number, values: number[]): Entry {
  const bytes = new Uint8Array(8 * values.length);
  const v = new DataView(bytes.buffer);
  values.forEach((n, i) => v.setFloat64(8 * i, n, true));
  return { tag, type: DOUBLE, count: values.length, bytes };
}

/** ASCII with its terminating NUL; one byte a character (latin1), as the TIFF spec counts them. */
function ascii(tag: number, text: string): Entry {
  const body = text.endsWith('\0') ? text : `${text}\0`;
  const bytes = Uint8Array.from(Buffer.from(body, 'latin1'));
  return { tag, type: ASCII, count: bytes.length, bytes };
}
