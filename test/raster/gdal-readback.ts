/** Test helper: what system GDAL (python3-gdal) reads from GeoTIFFs we wrote, several files per Python run. */
import { createHash } from 'node:crypto';
import type { BandArray } from '../../src/main/raster/write/data-types';
import { python } from '../helpers/python';

export interface GdalReadback {
  size: [number, number];
  bands: number;
  dtypes: string[];
  geoTransform: number[];
  epsg: number | null;
  geographic: boolean;
  linearUnit: string | null;
  /** Band nodata; NaN comes back as the string 'nan' (JSON has no NaN). */
  nodata: (number | 'nan' | null)[];
  descriptions: string[];
  metadata: Record<string, string>;
  bandMetadata: Record<string, string>[];
  imageStructure: Record<string, string>;
  /** Colour table entries (r, g, b, a) of band 1, or null. */
  colorTable: number[][] | null;
  /** sha256 of each band's values as GDAL reads them, little-endian in the band's own type. */
  sha256: string[];
  /** The first 4 bytes of the file, hex: 49492a00 classic, 49492b00 BigTIFF. */
  magic: string;
}

const SCRIPT = `
import sys, json, hashlib
from osgeo import gdal, osr
gdal.UseExceptions()
out = []
for path in sys.argv[1:]:
    ds = gdal.Open(path)
    srs = ds.GetSpatialRef()
    epsg = None
    if srs is not None:
        srs.AutoIdentifyEPSG()
        code = srs.GetAuthorityCode(None)
        epsg = int(code) if code else None
    bands = [ds.GetRasterBand(i + 1) for i in range(ds.RasterCount)]
    def nd(b):
        v = b.GetNoDataValue()
        return 'nan' if v is not None and v != v else v
    def sha(b):
        a = b.ReadAsArray()
        return hashlib.sha256(a.astype(a.dtype.newbyteorder('<')).tobytes()).hexdigest()
    ct = bands[0].GetColorTable()
    with open(path, 'rb') as f:
        magic = f.read(4).hex()
    out.append({
        'size': [ds.RasterXSize, ds.RasterYSize], 'bands': ds.RasterCount,
        'dtypes': [gdal.GetDataTypeName(b.DataType) for b in bands],
        'geoTransform': list(ds.GetGeoTransform()), 'epsg': epsg,
        'geographic': bool(srs.IsGeographic()) if srs is not None else False,
        'linearUnit': srs.GetLinearUnitsName() if srs is not None and srs.IsProjected() else None,
        'nodata': [nd(b) for b in bands], 'descriptions': [b.GetDescription() for b in bands],
        'metadata': ds.GetMetadata(), 'bandMetadata': [b.GetMetadata() for b in bands],
        'imageStructure': ds.GetMetadata('IMAGE_STRUCTURE'),
        'colorTable': [list(ct.GetColorEntry(i)) for i in range(ct.GetCount())] if ct is not None else None,
        'sha256': [sha(b) for b in bands],
        'magic': magic,
    })
    ds = None
print(json.dumps(out))
`;

export function gdalReadback(...paths: string[]): GdalReadback[] {
  return JSON.parse(python(SCRIPT, ...paths)) as GdalReadback[];
}

/** The sha256 gdalReadback reports for values GDAL reads identically. */
export function sha256Of(values: BandArray): string {
  return createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');
}
