/**
 * What a GeoTIFF we write holds, and the strip layout derived from it. Shared by the streaming writer and the
 * in-memory encoder, so both produce the same file for the same options.
 */
import { endianness } from 'node:os';
import type { GeoTransform } from '../../../shared/geo';
import type { GeoKeyTags } from '../lcz-map';
import { DATA_TYPES, isFloatType, type DataTypeInfo, type RasterDataType } from './data-types';

export interface GeoTiffOptions {
  width: number;
  height: number;
  bands: number;
  dataType: RasterDataType;
  /** GDAL order; rotated grids are written as a ModelTransformation. Omit for an ungeoreferenced image. */
  geoTransform?: GeoTransform;
  /** The GeoKey tags verbatim (see epsg-geokeys.ts for a new grid's). */
  geoKeys?: GeoKeyTags;
  /** GDAL_NODATA, one value for all bands as GDAL has it; NaN allowed for float types. */
  nodata?: number | null;
  /** Per-band descriptions (GDAL's band description, e.g. "B8A"). */
  bandDescriptions?: readonly string[];
  /** Dataset metadata items (GDAL_METADATA), e.g. { SYNTHETIC: 'YES' }. */
  metadata?: Readonly<Record<string, string>>;
  /** Per-band metadata items (GDAL_METADATA with sample="i"), e.g. { WAVELENGTH: '842' }. */
  bandMetadata?: readonly Readonly<Record<string, string>>[];
  /** Per-band scale and offset (GDAL_METADATA role="scale"/"offset"): value = stored x scale + offset. */
  bandScales?: readonly { scale: number; offset: number }[];
  /** TIFF ColorMap (red, green, blue runs of 2^bits entries, 16 bits a channel); single-band Byte or UInt16 only. */
  palette?: Uint16Array;
  /** TIFF ImageDescription (GDAL: TIFFTAG_IMAGEDESCRIPTION). */
  description?: string;
  /** 'none' (default) or 'deflate' (zlib, with a predictor unless predictor is false). */
  compression?: 'none' | 'deflate';
  /** zlib level 1-9; 6 is zlib's and GDAL's default. */
  deflateLevel?: number;
  /** Horizontal differencing before DEFLATE: predictor 2 for integers, 3 (floating point) for floats. Default true. */
  predictor?: boolean;
  /** 'band': band-sequential (PlanarConfiguration 2, the default); 'pixel': pixel-interleaved. */
  interleave?: 'band' | 'pixel';
  /** Rows per strip; by default strips of about 256 KiB per band, which compress well and read in small windows. */
  rowsPerStrip?: number;
  /** true forces BigTIFF, false forbids it; 'auto' (default) uses it only when the file could pass 4 GB. */
  bigTiff?: boolean | 'auto';
}

export interface TiffLayout {
  readonly options: GeoTiffOptions;
  readonly width: number;
  readonly height: number;
  readonly bands: number;
  readonly type: DataTypeInfo;
  readonly pixelInterleaved: boolean;
  /** Strip planes: one per band when band-sequential, one holding every band when pixel-interleaved. */
  readonly planes: number;
  /** Samples side by side in a plane's row (bands when pixel-interleaved, else 1). */
  readonly samplesPerPlanePixel: number;
  readonly rowBytes: number;
  readonly rowsPerStrip: number;
  readonly stripsPerPlane: number;
  readonly deflate: boolean;
  readonly deflateLevel: number;
  /** TIFF Predictor: 1 none, 2 horizontal, 3 floating point. */
  readonly predictor: 1 | 2 | 3;
  readonly bigTiff: boolean;
}

const STRIP_TARGET_BYTES = 256 * 1024;
const CLASSIC_LIMIT = 0xffff_ffff;

if (endianness() !== 'LE') throw new Error('the GeoTIFF writer assumes a little-endian machine');

export function resolveLayout(options: GeoTiffOptions): TiffLayout {
  const { width, height, bands } = options;
  for (const [name, v] of [['width', width], ['height', height], ['bands', bands]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`GeoTIFF ${name} must be a positive integer, not ${v}`);
  }
  const type = DATA_TYPES[options.dataType];
  if (!type) throw new Error(`unknown data type ${String(options.dataType)}`);
  checkNodata(options.nodata, type);
  checkPalette(options, type);
  if (options.bandDescriptions && options.bandDescriptions.length !== bands) {
    throw new Error(`${options.bandDescriptions.length} band descriptions for ${bands} bands`);
  }
  if (options.bandMetadata && options.bandMetadata.length !== bands) throw new Error(`band metadata for ${options.bandMetadata.length} of ${bands} bands`);
  if (options.bandScales && options.bandScales.length !== bands) throw new Error(`band scales for ${options.bandScales.length} of ${bands} bands`);

  const pixelInterleaved = options.interleave === 'pixel' && bands > 1;
  const samplesPerPlanePixel = pixelInterleaved ? bands : 1;
  const rowBytes = width * samplesPerPlanePixel * type.bytes;
  const rowsPerStrip = Math.min(height, options.rowsPerStrip ?? Math.max(1, Math.floor(STRIP_TARGET_BYTES / rowBytes)));
  if (!Number.isInteger(rowsPerStrip) || rowsPerStrip < 1) throw new Error(`rowsPerStrip must be a positive integer, not ${options.rowsPerStrip}`);
  const planes = pixelInterleaved ? 1 : bands;
  const stripsPerPlane = Math.ceil(height / rowsPerStrip);
  const deflate = options.compression === 'deflate';
  const deflateLevel = options.deflateLevel ?? 6;
  if (!Number.isInteger(deflateLevel) || deflateLevel < 1 || deflateLevel > 9) throw new Error(`deflateLevel must be 1-9, not ${deflateLevel}`);
  const predictor = !deflate || options.predictor === false ? 1 : isFloatType(type) ? 3 : 2;

  const layout = { options, width, height, bands, type, pixelInterleaved, planes, samplesPerPlanePixel, rowBytes, rowsPerStrip, stripsPerPlane, deflate, deflateLevel, predictor } as const;
  const bigTiff = options.bigTiff === 'auto' || options.bigTiff === undefined ? worstCaseBytes(layout) > CLASSIC_LIMIT : options.bigTiff;
  if (!bigTiff && worstCaseBytes(layout) > CLASSIC_LIMIT) throw new Error(`a ${width} x ${height} x ${bands} ${type.name} raster may pass 4 GB: it needs BigTIFF`);
  return { ...layout, bigTiff };
}

/**
 * An upper bound of the file size, decided before any pixel is written (strips are written as they come, so the
 * format cannot change later): raw pixels, DEFLATE's worst-case growth (5 bytes per 16 KiB block plus a header
 * per strip), the strip tables, and a generous allowance for tags.
 */
function worstCaseBytes(l: Pick<TiffLayout, 'rowBytes' | 'height' | 'planes' | 'stripsPerPlane' | 'options'>): number {
  const raw = l.rowBytes * l.height * l.planes;
  const strips = l.stripsPerPlane * l.planes;
  const tagText = (l.options.description?.length ?? 0) + JSON.stringify(l.options.metadata ?? {}).length + JSON.stringify(l.options.bandMetadata ?? []).length + JSON.stringify(l.options.bandDescriptions ?? []).length;
  return raw + Math.ceil(raw / 16384) * 5 + strips * (64 + 16) + 2 * tagText + (1 << 20);
}

function checkNodata(nodata: number | null | undefined, type: DataTypeInfo): void {
  if (nodata === undefined || nodata === null) return;
  if (Number.isNaN(nodata)) {
    if (!isFloatType(type)) throw new Error(`nodata NaN needs a float type, not ${type.name}`);
    return;
  }
  if (!isFloatType(type) && !Number.isInteger(nodata)) throw new Error(`nodata ${nodata} is not an integer, as ${type.name} needs`);
  if (Number.isFinite(nodata) && (nodata < type.min || nodata > type.max)) throw new Error(`nodata ${nodata} is outside the range of ${type.name}`);
}

function checkPalette(options: GeoTiffOptions, type: DataTypeInfo): void {
  const palette = options.palette;
  if (!palette) return;
  if (options.bands !== 1 || (type.name !== 'Byte' && type.name !== 'UInt16')) throw new Error('a palette needs a single-band Byte or UInt16 raster');
  const expected = 3 * 2 ** (8 * type.bytes);
  if (palette.length !== expected) throw new Error(`a ${type.name} palette has ${expected} values (3 x ${expected / 3}), not ${palette.length}`);
}
