import type { GeoTIFFImage } from 'geotiff';
import { UserError } from '../../shared/errors';
import type { GeoKeyTags, GeoTransform } from './lcz-map';

/** GDAL's name for the image's sample type (Int8 as GDAL >= 3.7 names it; older GDAL says Byte + SIGNEDBYTE). */
export function gdalDataType(image: GeoTIFFImage, path: string): string {
  const format = image.getSampleFormat();
  const bits = image.getBitsPerSample();
  if (format === 1 && bits <= 8) return 'Byte';
  const table: Record<number, Record<number, string>> = {
    1: { 16: 'UInt16', 32: 'UInt32', 64: 'UInt64' },
    2: { 8: 'Int8', 16: 'Int16', 32: 'Int32', 64: 'Int64' },
    // GDAL exposes half floats as Float32.
    3: { 16: 'Float32', 32: 'Float32', 64: 'Float64' },
  };
  const name = table[format]?.[bits];
  if (!name) throw new UserError(`has a sample type LCZ Studio cannot read (format ${format}, ${bits} bits)`, path);
  return name;
}

/** The GDAL_NODATA tag as a number; accepts GDAL's spellings of NaN and infinities. */
export function gdalNodata(image: GeoTIFFImage): number | null {
  const fd = image.getFileDirectory();
  if (!fd.hasTag('GDAL_NODATA')) return null;
  const raw = String(fd.getValue('GDAL_NODATA') ?? '').replace(/\0/g, '').trim().toLowerCase();
  if (raw === '') return null;
  if (raw === 'nan' || raw === '-nan') return Number.NaN;
  if (raw === 'inf' || raw === '+inf' || raw === 'infinity') return Number.POSITIVE_INFINITY;
  if (raw === '-inf' || raw === '-infinity') return Number.NEGATIVE_INFINITY;
  const value = Number(raw);
  return Number.isNaN(value) ? null : value;
}

/** The raw GeoKey tags, copied so products can write them back unchanged; null when the file has none. */
export function readGeoKeyTags(image: GeoTIFFImage): GeoKeyTags | null {
  const fd = image.getFileDirectory();
  const dir = fd.getValue('GeoKeyDirectory') as ArrayLike<number> | undefined;
  if (!dir || dir.length < 4) return null;
  const tags: GeoKeyTags = { GeoKeyDirectory: Array.from(dir) };
  const doubles = fd.getValue('GeoDoubleParams') as ArrayLike<number> | number | undefined;
  if (doubles !== undefined) tags.GeoDoubleParams = typeof doubles === 'number' ? [doubles] : Array.from(doubles);
  const ascii = fd.getValue('GeoAsciiParams') as string | undefined;
  if (ascii !== undefined) tags.GeoAsciiParams = ascii;
  return tags;
}

export interface Georeferencing {
  geoTransform: GeoTransform;
  /** True when the transform has rotation/shear terms. */
  rotated: boolean;
}

const numbers = (value: unknown): number[] | null =>
  value === undefined || value === null ? null : typeof value === 'number' ? [value] : Array.from(value as ArrayLike<number>, Number);

/**
 * GDAL's geotransform from ModelTiepoint + ModelPixelScale or ModelTransformation. With PixelIsPoint
 * (GTRasterTypeGeoKey = 2) the tie point is a cell centre, so GDAL moves the origin half a cell up-left.
 */
export function readGeoreferencing(image: GeoTIFFImage, pixelIsPoint: boolean): Georeferencing | 'gcps' | null {
  const fd = image.getFileDirectory();
  const tiepoints = numbers(fd.getValue('ModelTiepoint'));
  const scale = numbers(fd.getValue('ModelPixelScale'));
  const matrix = numbers(fd.getValue('ModelTransformation'));
  let gt: [number, number, number, number, number, number];
  if (tiepoints && tiepoints.length === 6 && scale && scale.length >= 2) {
    const [i, j, , x, y] = tiepoints as [number, number, number, number, number, number];
    const [sx, sy] = scale as [number, number];
    gt = [x - i * sx, sx, 0, y + j * sy, 0, -sy];
  } else if (matrix && matrix.length >= 8) {
    const m = matrix;
    gt = [m[3]!, m[0]!, m[1]!, m[7]!, m[4]!, m[5]!];
  } else if (tiepoints && tiepoints.length > 6) {
    return 'gcps';
  } else {
    return null;
  }
  if (pixelIsPoint) {
    gt[0] -= 0.5 * gt[1] + 0.5 * gt[2];
    gt[3] -= 0.5 * gt[4] + 0.5 * gt[5];
  }
  if (!gt.every(Number.isFinite)) return null;
  return { geoTransform: gt, rotated: gt[2] !== 0 || gt[4] !== 0 };
}
