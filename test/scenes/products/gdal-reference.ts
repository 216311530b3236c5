/**
 * What GDAL makes of the same product files, as the reference the product readers are checked against: GDAL's own
 * SENTINEL2 driver (its 10, 20 and 60 m subdatasets, through /vsizip/ for a zip) and plain GDAL on each Landsat band
 * (through /vsitar/ for a tar), the scale and offset read from the metadata by Python's own XML and text parsing, the
 * coarse bands repeated onto the finest grid, masked pixels NaN. Written as raw little-endian Float32 per band.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { python } from '../../helpers/python';

const S2_REFERENCE = String.raw`
import sys
import numpy as np
import xml.etree.ElementTree as ET
from osgeo import gdal
gdal.UseExceptions()
# The driver lists the AOT/WVP/cloud-probability files a real product has; a test product has none of them.
gdal.PushErrorHandler('CPLQuietErrorHandler')
mtd, out = sys.argv[1], sys.argv[2]
level = 'L2A' if mtd.endswith('MTD_MSIL2A.xml') else 'L1C'
ds = gdal.Open(mtd)
subs = dict((v.split(':')[-2], v) for k, v in ds.GetMetadata('SUBDATASETS').items() if k.endswith('_NAME'))
raw = gdal.VSIFOpenL(mtd, 'rb'); text = gdal.VSIFReadL(1, 10 ** 7, raw).decode(); gdal.VSIFCloseL(raw)
root = ET.fromstring(text)
local = lambda e: e.tag.split('}')[-1]
names = ['B1','B2','B3','B4','B5','B6','B7','B8','B8A','B9','B10','B11','B12']
quant = float([e.text for e in root.iter() if local(e) in ('BOA_QUANTIFICATION_VALUE', 'QUANTIFICATION_VALUE')][0])
offsets = dict((names[int(e.get('band_id'))], float(e.text)) for e in root.iter() if local(e) in ('BOA_ADD_OFFSET', 'RADIO_ADD_OFFSET'))
bands = {}
scl = None
for res in ('10m', '20m', '60m'):
    d = gdal.Open(subs[res])
    f = int(res[:-1]) // 10
    for i in range(1, d.RasterCount + 1):
        b = d.GetRasterBand(i)
        name = b.GetDescription().split(',')[0]
        if name in bands or (name not in names and name != 'SCL'):
            continue
        try:
            a = b.ReadAsArray().astype(np.float64)
        except RuntimeError:
            continue
        a = np.repeat(np.repeat(a, f, axis=0), f, axis=1)
        if name == 'SCL':
            if scl is None: scl = a
        else:
            bands[name] = a
order = [n for n in names if n in bands]
mask = np.zeros(bands[order[0]].shape, bool)
if scl is not None:
    mask = np.isin(scl, [0, 1, 3, 8, 9, 10])
with open(out, 'wb') as f:
    for n in order:
        dn = bands[n]
        refl = (dn + offsets.get(n, 0.0)) / quant
        refl[mask | (dn == 0) | (dn == 65535)] = np.nan
        f.write(refl.astype('<f4').tobytes())
print(','.join(order))
`;

export interface Reference {
  /** Band names in the order of `bands` ("B1", "B2", ...). */
  names: string[];
  bands: Float32Array[];
}

function readBands(file: string, names: string[]): Reference {
  const bytes = readFileSync(file);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const n = all.length / names.length;
  return { names, bands: names.map((_, i) => all.slice(i * n, (i + 1) * n)) };
}

/** GDAL's SENTINEL2 driver on the product's main metadata file (a path, or a /vsizip/ path inside a zip). */
export function sentinel2Reference(mtd: string, temp: string): Reference {
  const out = join(temp, `s2-reference-${Date.now()}.f32`);
  const names = python(S2_REFERENCE, mtd, out).trim().split(',');
  return readBands(out, names);
}

const LANDSAT_REFERENCE = String.raw`
import sys, re
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
folder, out = sys.argv[1], sys.argv[2]
mtl = [n for n in gdal.ReadDir(folder) if n.endswith('_MTL.txt')][0]
raw = gdal.VSIFOpenL(folder + '/' + mtl, 'rb'); text = gdal.VSIFReadL(1, 10 ** 7, raw).decode(); gdal.VSIFCloseL(raw)
sr = text.split('GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS')[1].split('END_GROUP')[0]
files = dict(re.findall(r'FILE_NAME_BAND_(\d+) = "([^"]+)"', text))
qa_name = re.search(r'FILE_NAME_QUALITY_L1_PIXEL = "([^"]+)"', text).group(1)
qa = gdal.Open(folder + '/' + qa_name).ReadAsArray().astype(np.int64)
mask = ((qa & 1) != 0) | ((qa & (2 | 4 | 8 | 16)) != 0)
order = sorted(files, key=int)
with open(out, 'wb') as f:
    for n in order:
        mult = float(re.search(r'REFLECTANCE_MULT_BAND_%s = (\S+)' % n, sr).group(1))
        add = float(re.search(r'REFLECTANCE_ADD_BAND_%s = (\S+)' % n, sr).group(1))
        dn = gdal.Open(folder + '/' + files[n]).ReadAsArray().astype(np.float64)
        refl = dn * mult + add
        refl[mask | (dn == 0)] = np.nan
        f.write(refl.astype('<f4').tobytes())
print(','.join('B' + n for n in order))
`;

/** Plain GDAL on each band of a Landsat product folder (or /vsitar/ path of a tar). */
export function landsatReference(folder: string, temp: string): Reference {
  const out = join(temp, `landsat-reference-${Date.now()}.f32`);
  const names = python(LANDSAT_REFERENCE, folder, out).trim().split(',');
  return readBands(out, names);
}

/** Where two rasters differ beyond `tolerance` (NaN must meet NaN): the first few, for a readable failure. */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>, width: number, tolerance = 1e-6): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} != ${expected.length}`];
  for (let i = 0; i < expected.length && out.length < 5; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const same = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= tolerance;
    if (!same) out.push(`(${i % width}, ${Math.floor(i / width)}): ${a} != ${e}`);
  }
  return out;
}
