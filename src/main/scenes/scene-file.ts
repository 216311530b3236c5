import type { GeoTIFFImage } from 'geotiff';
import type { Crs } from '../../shared/contract/maps';
import type { ProductInfo } from '../../shared/contract/scenes';
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
  /** Per-band metadata items of GDAL's default domain (e.g. BANDNAME=B4, as GDAL's Sentinel-2 driver writes). */
  bandMetadata: Record<string, string>[];
  /** Dataset metadata items (GDAL_METADATA without a band), e.g. SYNTHETIC=YES. */
  metadata: Record<string, string>;
  /** Pixel size in metres along x (approximate for geographic scenes: it shrinks with the cosine of the latitude). */
  pixelSizeM: number;
  /** Pixel size in metres along y (approximate for geographic scenes, where a degree of latitude is about 111 km). */
  pixelHeightM: number;
  /** A satellite product read as a scene (scenes/products/); absent for a GeoTIFF. */
  product?: ProductInfo;
  /** Where this scene lies in its file when an area of interest cropped it (scenes/aoi.ts); absent: the whole file. */
  crop?: SceneCrop;
}

/** A scene's pixels [x, x + width) x [y, y + height) of a file of fullWidth x fullHeight pixels. */
export interface SceneCrop {
  x: number;
  y: number;
  fullWidth: number;
  fullHeight: number;
}

/**
 * GDAL's GDAL_METADATA tag: dataset items, band descriptions (<Item name="DESCRIPTION" sample="i" role="description">)
 * and other per-band items of the default domain (<Item name="BANDNAME" sample="i">B4</Item>); items with a role
 * (scale, offset, unit type) or another domain are not names and are left out.
 */
export async function gdalMetadata(image: GeoTIFFImage, bandCount: number): Promise<{ descriptions: string[]; bandMetadata: Record<string, string>[]; metadata: Record<string, string> }> {
  const descriptions = Array.from({ length: bandCount }, () => '');
  const bandMetadata = Array.from({ length: bandCount }, (): Record<string, string> => ({}));
  const metadata: Record<string, string> = {};
  const fd = image.getFileDirectory();
  const xml = fd.hasTag('GDAL_METADATA') ? String((await fd.loadValue('GDAL_METADATA')) ?? '') : '';
  for (const item of xml.matchAll(/<Item\b([^>]*)>([^<]*)<\/Item>/g)) {
    const attrs = item[1] ?? '';
    const value = unescapeXml(item[2] ?? '').trim();
    const sample = /sample="(\d+)"/.exec(attrs)?.[1];
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (sample === undefined) {
      if (name && !/role=/.test(attrs)) metadata[unescapeXml(name)] = value;
    } else if (Number(sample) < bandCount) {
      if (/role="description"/.test(attrs)) descriptions[Number(sample)] = value;
      else if (name && !/role=|domain=/.test(attrs)) bandMetadata[Number(sample)]![unescapeXml(name)] = value;
    }
  }
  return { descriptions, bandMetadata, metadata };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Metres per degree of latitude (and of longitude at the equator), near enough for sizes and checks. */
const METRES_PER_DEGREE = 111_320;

/**
 * Metres along one pixel of the scene, across (x) and down (y). For geographic scenes, at the latitude of its
 * centre: a degree of longitude shrinks with the cosine of the latitude, a degree of latitude does not.
 */
export function pixelMetres(crs: Crs, gt: GeoTransform, height: number): { x: number; y: number } {
  if (!crs.geographic) {
    const unit = metresPerUnit(crs) ?? 1;
    return { x: Math.abs(gt[1]) * unit, y: Math.abs(gt[5]) * unit };
  }
  const lat = gt[3] + (height / 2) * gt[5];
  return { x: Math.abs(gt[1]) * METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180), y: Math.abs(gt[5]) * METRES_PER_DEGREE };
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
  const { descriptions, bandMetadata, metadata } = await gdalMetadata(image, bandCount);
  const pixel = pixelMetres(crs, georef.geoTransform, height);
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
    bandMetadata,
    metadata,
    pixelSizeM: pixel.x,
    pixelHeightM: pixel.y,
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
