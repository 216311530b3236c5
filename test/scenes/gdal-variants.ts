/**
 * Test support: copies of a scene rewritten by Debian's GDAL (python3-gdal) with the band names, per-band metadata,
 * data type, layout or georeferencing a test needs, as files from other tools carry them. Only tests import this.
 */
import { python } from '../helpers/python';

export interface Variant {
  /** 1-based source bands, in order (default: all). */
  bands?: number[];
  /** GDAL data type name (UInt16, Float32, Byte...). */
  type?: string;
  /** Linear rescaling of every band, as gdal_translate -scale src_min src_max dst_min dst_max. */
  scale?: [number, number, number, number];
  /** A description per band ('' clears the source's). */
  descriptions?: string[];
  /** Items per band, in GDAL's default domain. */
  metadata?: Record<string, string>[];
  /** GeoTIFF creation options, e.g. ["BLOCKYSIZE=110"]. */
  creation?: string[];
  /** Puts the scene on this CRS at these bounds: [west, north, east, south] (pixels stay as they are). */
  place?: { srs: string; bounds: [number, number, number, number] };
}

const script = `
import sys, json
from osgeo import gdal
gdal.UseExceptions()
src, dst, v = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
opts = {'creationOptions': v.get('creation', [])}
if 'bands' in v: opts['bandList'] = v['bands']
if 'type' in v: opts['outputType'] = gdal.GetDataTypeByName(v['type'])
if 'scale' in v: opts['scaleParams'] = [v['scale']]
if 'place' in v:
    opts['outputSRS'] = v['place']['srs']
    opts['outputBounds'] = v['place']['bounds']
ds = gdal.Translate(dst, src, **opts)
for i, d in enumerate(v.get('descriptions', [])): ds.GetRasterBand(i + 1).SetDescription(d)
for i, md in enumerate(v.get('metadata', [])): ds.GetRasterBand(i + 1).SetMetadata(md)
ds = None
`;

/** Writes `dst` from `src` as `variant` says; no .aux.xml: everything lands in the TIFF, as LCZ Studio reads it. */
export function gdalVariant(src: string, dst: string, variant: Variant): string {
  python(script, src, dst, JSON.stringify(variant));
  return dst;
}
