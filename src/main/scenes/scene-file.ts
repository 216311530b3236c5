import type { GeoTIFFImage } from 'geotiff';
import type { Crs } from '../../shared/contract/maps';
import { UserError } from '../../shared/errors';
import type { GeoTransform } from '../../shared/geo';
import { crsFromGeoKeys, metresPerUnit } from '../raster/crs';
import { numberKey, parseGeoKeys } from '../raster/geokeys';
import type { GeoKeyTags } from '../raster/lcz-map';
import { openGeoTiff, type OpenedTiff } from '../raster/open-geotiff';
import { gdalDataType, gdalNodata, readGeoKeyTags, readGeoreferencing } from '../raster/tiff-meta';

/** Sample types a scene may have: reflectance as integers (usually x 10,000) or as floats. */
const SCENE_DTYPES = new Set(['Byte', 'UInt16', 'Int16', 'UInt32', 'Int32', 'Float32', 'Float64']);

/** What LCZ Studio knows about a multispectral scene file before reading its pixels. */
export interface SceneFile {
  path: string;
  width: number;
  height: number;
  bandCount: number;
  dtype: string;
  /** GDAL_NODATA, compared with the raw values (already rounded to float32 for Float32 files). */
  nodata: number | null;
  crs: Crs;
  geoKeys: GeoKeyTags;
  geoTransform: GeoTransform;
  /** Band descriptions from GDAL's metadata ('' where none). */
  descriptions: string[];
  /** Dataset metadata items (GDAL_METADATA without a band), e.g. SYNTHETIC=YES. */
  metadata: Record<string, string>;
  /** Pixel size in metres along x (approximate for geographic scenes). */
  pixelSizeM: number;
}

/** GDAL's GDAL_METADATA tag: dataset items, and band descriptions (<Item name="DESCRIPTION" sample="i" role="description">). */
export async function gdalMetadata(image: GeoTIFFImage, bandCount: number): Promise<{ descriptions: string[]; metadata: Record<string, string> }> {
  const descriptions = Array.from({ length: bandCount }, () => '');
  const metadata: Record<string, string> = {};
  const fd = image.getFileDirectory();
  const xml = fd.hasTag('GDAL_METADATA') ? String((await fd.loadValue('GDAL_METADATA')) ?? '') : '';
  for (const item of xml.matchAll(/<Item\b([^>]*)>([^<]*)<\/Item>/g)) {
    const attrs = item[1] ?? '';
    const value = unescapeXml(item[2] ?? '').trim();
    const sample = /sample="(\d+)"/.exec(attrs)?.[1];
    if (sample === undefined) {
      const name = /name="([^"]*)"/.exec(attrs)?.[1];
      if (name && !/role=/.test(attrs)) metadata[unescapeXml(name)] = value;
    } else if (/role="description"/.test(attrs) && Number(sample) < bandCount) descriptions[Number(sample)] = value;
  }
  return { descriptions, metadata };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Metres along one pixel of the scene; for geographic scenes at the latitude of its centre. */
function pixelMetres(crs: Crs, gt: GeoTransform, height: number): number {
  if (!crs.geographic) return Math.abs(gt[1]) * (metresPerUnit(crs) ?? 1);
  const lat = gt[3] + (height / 2) * gt[5];
  return Math.abs(gt[1]) * 111_320 * Math.cos((lat * Math.PI) / 180);
}

/** Reads a scene's header: everything but the pixels. The caller closes `opened`. */
export async function describeScene(opened: OpenedTiff, path: string): Promise<SceneFile> {
  const { image } = opened;
  const bandCount = image.getSamplesPerPixel();
  const dtype = gdalDataType(image, path);
  if (!SCENE_DTYPES.has(dtype)) throw new UserError(`has ${dtype} samples; a scene must hold Byte, (U)Int16, (U)Int32 or Float32/64 reflectance`, path);
  const geoKeys = readGeoKeyTags(image);
  const keys = geoKeys ? parseGeoKeys(geoKeys) : {};
  const georef = readGeoreferencing(image, numberKey(keys, 'GTRasterTypeGeoKey') === 2);
  if (georef === 'gcps') throw new UserError('is georeferenced by ground control points only; warp it to a grid first (gdalwarp)', path);
  if (!georef) throw new UserError('has no georeferencing, so it cannot be mapped (no ModelTiepoint/ModelPixelScale or ModelTransformation tags)', path);
  if (georef.rotated) throw new UserError('has a rotated geotransform; warp it north-up first (gdalwarp)', path);
  if (!geoKeys) throw new UserError('has no coordinate reference system (no GeoKeyDirectory tag)', path);
  const crs = crsFromGeoKeys(geoKeys);
  if (!crs.proj4) throw new UserError(`has a coordinate reference system LCZ Studio cannot interpret (${crs.name})`, path);
  const raw = gdalNodata(image);
  const nodata = raw !== null && dtype === 'Float32' ? Math.fround(raw) : raw;
  const height = image.getHeight();
  const { descriptions, metadata } = await gdalMetadata(image, bandCount);
  return {
    path,
    width: image.getWidth(),
    height,
    bandCount,
    dtype,
    nodata,
    crs,
    geoKeys,
    geoTransform: georef.geoTransform,
    descriptions,
    metadata,
    pixelSizeM: pixelMetres(crs, georef.geoTransform, height),
  };
}

/** Opens a scene file with every check a user's file needs; returns its description, closing the file. */
export async function readSceneFile(path: string, signal?: AbortSignal): Promise<SceneFile> {
  const opened = await openGeoTiff(path, signal);
  try {
    return await describeScene(opened, path);
  } finally {
    await opened.close();
  }
}
