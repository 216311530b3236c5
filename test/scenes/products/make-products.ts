/**
 * Small satellite products as users download them, made by Debian's GDAL: Sentinel-2 SAFE folders (JPEG 2000 bands
 * written by the JP2OpenJPEG driver, REVERSIBLE=YES, in tiles that do not divide the image; MTD_MSIL2A.xml /
 * MTD_MSIL1C.xml and MTD_TL.xml with ESA's element names) and Landsat Collection 2 folders (tiled DEFLATE GeoTIFFs
 * SR_B1..B7 and QA_PIXEL, and an MTL.txt with USGS's keys), plus zip and tar archives of them made by Python's own
 * zipfile and tarfile. The pixel values are a pattern with every special case: no data, saturation, and each class of
 * the quality layers.
 */
import { join } from 'node:path';
import { pythonAsync } from '../../helpers/python';

export interface SafeOptions {
  level?: 'L2A' | 'L1C';
  /** "04.00" and later carry the -1000 DN offset. */
  baseline?: string;
  /** Band files left out of the product (e.g. ["B05"]), still listed in its metadata. */
  omit?: string[];
  /** The 10 m grid in pixels (multiples of 6, so the 60 m grid is whole). */
  width?: number;
  height?: number;
  /** Upper-left corner on UTM 31N (EPSG:32631). */
  ulx?: number;
  uly?: number;
  /** The share of the scene the SCL calls cloud (a cloud-covered product: 1). */
  cloudShare?: number;
  /** Name of the main metadata file (a Level-1B product: MTD_SAFL1B.xml). */
  mtdName?: string;
}

const SAFE_SCRIPT = String.raw`
import sys, os, json
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
out, o = sys.argv[1], json.loads(sys.argv[2])
level = o.get('level', 'L2A'); baseline = o.get('baseline', '04.00'); omit = set(o.get('omit', []))
W, H = o.get('width', 240), o.get('height', 180)
ulx, uly = o.get('ulx', 300000), o.get('uly', 4900020)
cloud_share = o.get('cloudShare', 0.1)
offset = -1000 if float(baseline) >= 4 else 0
date = '20220615T105619'; tile = 'T31TCG'
name = 'S2B_MSI%s_%s_N%s_R094_%s_20220615T122338.SAFE' % ('L2A' if level == 'L2A' else 'L1C', date, baseline.replace('.', ''), tile)
safe = os.path.join(out, name)
gran = '%s_%s_A027603_20220615T105622' % (level, tile)
img = os.path.join(safe, 'GRANULE', gran, 'IMG_DATA')
srs = osr.SpatialReference(); srs.ImportFromEPSG(32631)
bands = ['B01','B02','B03','B04','B05','B06','B07','B08','B8A','B09','B10','B11','B12']
native = {'B01':60,'B02':10,'B03':10,'B04':10,'B05':20,'B06':20,'B07':20,'B08':10,'B8A':20,'B09':60,'B10':60,'B11':20,'B12':20}
if level == 'L2A':
    bands.remove('B10')
tiles = {10: 64, 20: 48, 60: 32}
def write(path, a, res, dtype):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mem = gdal.GetDriverByName('MEM').Create('', a.shape[1], a.shape[0], 1, dtype)
    mem.SetGeoTransform([ulx, res, 0, uly, 0, -res]); mem.SetProjection(srs.ExportToWkt())
    mem.GetRasterBand(1).WriteArray(a)
    gdal.GetDriverByName('JP2OpenJPEG').CreateCopy(path, mem, options=['REVERSIBLE=YES', 'QUALITY=100', 'RESOLUTIONS=3', 'BLOCKXSIZE=%d' % tiles[res], 'BLOCKYSIZE=%d' % tiles[res]])
def pattern(res, k):
    w, h = W * 10 // res, H * 10 // res
    y, x = np.mgrid[0:h, 0:w]
    refl = 0.05 + 0.02 * k + 0.15 * (np.sin(x * res / 173.0 + k) * np.cos(y * res / 97.0) + 1) / 2
    dn = np.round(refl * 10000 - offset).astype(np.uint16)
    # No data in the top-left corner, a saturated stripe in the red band.
    dn[: max(1, 20 // res), : max(1, 40 // res)] = 0
    if k == 3:
        dn[h // 2, : w // 3] = 65535
    return dn
# The files each resolution folder of a real L2A product holds (PSD 14: R10m, R20m, R60m); L1C: each band once, native.
l2a = {10: ['B02','B03','B04','B08'], 20: ['B01','B02','B03','B04','B05','B06','B07','B8A','B11','B12'], 60: ['B01','B02','B03','B04','B05','B06','B07','B8A','B09','B11','B12']}
files = []
for k, b in enumerate(bands):
    res = native[b]
    for r in ([r for r in (10, 20, 60) if b in l2a[r]] if level == 'L2A' else [res]):
        if level == 'L2A':
            rel = 'GRANULE/%s/IMG_DATA/R%dm/%s_%s_%s_%dm' % (gran, r, tile, date, b, r)
        else:
            rel = 'GRANULE/%s/IMG_DATA/%s_%s_%s' % (gran, tile, date, b)
        files.append(rel)
        if b in omit:
            continue
        a = pattern(res, k)
        if r > res:
            a = a[::r // res, ::r // res]
        elif r < res:
            a = np.repeat(np.repeat(a, res // r, axis=0), res // r, axis=1)
        write(os.path.join(safe, rel + '.jp2'), a, r, gdal.GDT_UInt16)
if level == 'L2A':
    w, h = W // 2, H // 2
    y, x = np.mgrid[0:h, 0:w]
    scl = np.full((h, w), 4, np.uint8)
    scl[:, w // 2:] = 5
    scl[h - 10:, :] = 6
    ncloud = int(round(cloud_share * h))
    scl[h // 4: h // 4 + ncloud, w // 3: w // 3 + 20] = 9
    scl[:ncloud, :] = 9 if cloud_share >= 1 else scl[:ncloud, :]
    if cloud_share < 1:
        scl[5:10, 5:25] = 8
        scl[12:16, 30:40] = 10
        scl[20:26, 10:30] = 3
        scl[30:33, 50:60] = 1
        scl[:1, :2] = 0
    if cloud_share >= 1:
        scl[:, :] = 9
    for r in (20, 60):
        rel = 'GRANULE/%s/IMG_DATA/R%dm/%s_%s_SCL_%dm' % (gran, r, tile, date, r)
        files.append(rel)
        if 'SCL' in omit:
            continue
        write(os.path.join(safe, rel + '.jp2'), scl if r == 20 else scl[::3, ::3], r, gdal.GDT_Byte)

ns = 'https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-%s.xsd' % ('2A' if level == 'L2A' else '1C')
root = 'Level-2A_User_Product' if level == 'L2A' else 'Level-1C_User_Product'
ids = ['B1','B2','B3','B4','B5','B6','B7','B8','B8A','B9','B10','B11','B12']
res_of = [60,10,10,10,20,20,20,10,20,60,60,20,20]
image_files = '\n'.join('            <IMAGE_FILE>%s</IMAGE_FILE>' % f for f in files)
spectral = '\n'.join('        <Spectral_Information bandId="%d" physicalBand="%s"><RESOLUTION>%d</RESOLUTION></Spectral_Information>' % (i, b, res_of[i]) for i, b in enumerate(ids))
if level == 'L2A':
    quant = '<QUANTIFICATION_VALUES_LIST><BOA_QUANTIFICATION_VALUE unit="none">10000</BOA_QUANTIFICATION_VALUE><AOT_QUANTIFICATION_VALUE unit="none">1000.0</AOT_QUANTIFICATION_VALUE><WVP_QUANTIFICATION_VALUE unit="cm">1000.0</WVP_QUANTIFICATION_VALUE></QUANTIFICATION_VALUES_LIST>'
    offs = '<BOA_ADD_OFFSET_VALUES_LIST>%s</BOA_ADD_OFFSET_VALUES_LIST>' % ''.join('<BOA_ADD_OFFSET band_id="%d">%d</BOA_ADD_OFFSET>' % (i, offset) for i in range(13)) if float(baseline) >= 4 else ''
else:
    quant = '<QUANTIFICATION_VALUE unit="none">10000</QUANTIFICATION_VALUE>'
    offs = '<Radiometric_Offset_List>%s</Radiometric_Offset_List>' % ''.join('<RADIO_ADD_OFFSET band_id="%d">%d</RADIO_ADD_OFFSET>' % (i, offset) for i in range(13)) if float(baseline) >= 4 else ''
mtd = '''<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:%(root)s xmlns:n1="%(ns)s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="%(ns)s">
  <n1:General_Info>
    <Product_Info>
      <PRODUCT_START_TIME>2022-06-15T10:56:19.024Z</PRODUCT_START_TIME>
      <PRODUCT_STOP_TIME>2022-06-15T10:56:19.024Z</PRODUCT_STOP_TIME>
      <PRODUCT_URI>%(name)s</PRODUCT_URI>
      <PROCESSING_LEVEL>Level-%(lv)s</PROCESSING_LEVEL>
      <PRODUCT_TYPE>S2MSI%(lv)s</PRODUCT_TYPE>
      <PROCESSING_BASELINE>%(baseline)s</PROCESSING_BASELINE>
      <GENERATION_TIME>2022-06-15T12:23:38.000000Z</GENERATION_TIME>
      <Datatake datatakeIdentifier="GS2B_20220615T105619_027603_N%(baseline)s">
        <SPACECRAFT_NAME>Sentinel-2B</SPACECRAFT_NAME>
        <DATATAKE_TYPE>INS-NOBS</DATATAKE_TYPE>
        <DATATAKE_SENSING_START>2022-06-15T10:56:19.024Z</DATATAKE_SENSING_START>
        <SENSING_ORBIT_NUMBER>94</SENSING_ORBIT_NUMBER>
        <SENSING_ORBIT_DIRECTION>DESCENDING</SENSING_ORBIT_DIRECTION>
      </Datatake>
      <Query_Options completeSingleTile="true"><PRODUCT_FORMAT>SAFE_COMPACT</PRODUCT_FORMAT></Query_Options>
      <Product_Organisation>
        <Granule_List>
          <Granule datastripIdentifier="S2B_OPER_MSI_%(level)s_DS_2BPS_20220615T122338_S20220615T105622_N%(baseline)s" granuleIdentifier="S2B_OPER_MSI_%(level)s_TL_2BPS_20220615T122338_A027603_%(tile)s_N%(baseline)s" imageFormat="JPEG2000">
%(image_files)s
          </Granule>
        </Granule_List>
      </Product_Organisation>
    </Product_Info>
    <Product_Image_Characteristics>
      <Special_Values><SPECIAL_VALUE_TEXT>NODATA</SPECIAL_VALUE_TEXT><SPECIAL_VALUE_INDEX>0</SPECIAL_VALUE_INDEX></Special_Values>
      <Special_Values><SPECIAL_VALUE_TEXT>SATURATED</SPECIAL_VALUE_TEXT><SPECIAL_VALUE_INDEX>65535</SPECIAL_VALUE_INDEX></Special_Values>
      %(quant)s
      %(offs)s
      <Spectral_Information_List>
%(spectral)s
      </Spectral_Information_List>
    </Product_Image_Characteristics>
  </n1:General_Info>
  <n1:Quality_Indicators_Info>
    <Cloud_Coverage_Assessment>%(cloud).1f</Cloud_Coverage_Assessment>
  </n1:Quality_Indicators_Info>
</n1:%(root)s>
''' % dict(root=root, ns=ns, name=name, lv='2A' if level == 'L2A' else '1C', baseline=baseline, level=level, tile=tile, image_files=image_files, quant=quant, offs=offs, spectral=spectral, cloud=100 * cloud_share)
with open(os.path.join(safe, o.get('mtdName', 'MTD_MSIL%s.xml' % ('2A' if level == 'L2A' else '1C'))), 'w') as f:
    f.write(mtd)
sizes = ''.join('<Size resolution="%d"><NROWS>%d</NROWS><NCOLS>%d</NCOLS></Size>' % (r, H * 10 // r, W * 10 // r) for r in (10, 20, 60))
pos = ''.join('<Geoposition resolution="%d"><ULX>%d</ULX><ULY>%d</ULY><XDIM>%d</XDIM><YDIM>%d</YDIM></Geoposition>' % (r, ulx, uly, r, -r) for r in (10, 20, 60))
tl = '''<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:Level-%(lv)s_Tile_ID xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-%(lv)s_Tile_Metadata.xsd">
  <n1:General_Info>
    <TILE_ID metadataLevel="Brief">S2B_OPER_MSI_%(level)s_TL_2BPS_20220615T122338_A027603_%(tile)s_N%(baseline)s</TILE_ID>
    <SENSING_TIME metadataLevel="Standard">2022-06-15T10:56:19.024Z</SENSING_TIME>
  </n1:General_Info>
  <n1:Geometric_Info>
    <Tile_Geocoding metadataLevel="Brief">
      <HORIZONTAL_CS_NAME>WGS84 / UTM zone 31N</HORIZONTAL_CS_NAME>
      <HORIZONTAL_CS_CODE>EPSG:32631</HORIZONTAL_CS_CODE>
      %(sizes)s
      %(pos)s
    </Tile_Geocoding>
  </n1:Geometric_Info>
</n1:Level-%(lv)s_Tile_ID>
''' % dict(lv='2A' if level == 'L2A' else '1C', level=level, tile=tile, baseline=baseline, sizes=sizes, pos=pos)
with open(os.path.join(safe, 'GRANULE', gran, 'MTD_TL.xml'), 'w') as f:
    f.write(tl)
print(safe)
`;

/** Makes a SAFE folder in `dir`; returns its path (…/S2B_MSIL2A_….SAFE). */
export async function makeSafe(dir: string, options: SafeOptions = {}): Promise<string> {
  return (await pythonAsync(SAFE_SCRIPT, dir, JSON.stringify(options))).trim();
}

export interface LandsatOptions {
  spacecraft?: 'LANDSAT_8' | 'LANDSAT_9' | 'LANDSAT_7';
  level?: 'L2SP' | 'L1TP';
  width?: number;
  height?: number;
  /** Files left out of the folder, still named in the MTL (e.g. ["SR_B4"]). */
  omit?: string[];
}

const LANDSAT_SCRIPT = String.raw`
import sys, os, json
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
out, o = sys.argv[1], json.loads(sys.argv[2])
sc = o.get('spacecraft', 'LANDSAT_8'); level = o.get('level', 'L2SP'); omit = set(o.get('omit', []))
W, H = o.get('width', 150), o.get('height', 120)
code = {'LANDSAT_8': 'LC08', 'LANDSAT_9': 'LC09', 'LANDSAT_7': 'LE07'}[sc]
pid = '%s_%s_217066_20200101_20200113_02_T1' % (code, level)
folder = os.path.join(out, pid)
os.makedirs(folder, exist_ok=True)
srs = osr.SpatialReference(); srs.ImportFromEPSG(32725)
gt = [285000, 30, 0, 9140000, 0, -30]
nums = [1, 2, 3, 4, 5, 7] if sc == 'LANDSAT_7' else [1, 2, 3, 4, 5, 6, 7]
prefix = 'SR_B' if level.startswith('L2') else 'B'
def write(name, a, dtype):
    if name.split('.')[0].split('_', 7)[-1] in omit:
        return
    mem = gdal.GetDriverByName('MEM').Create('', W, H, 1, dtype)
    mem.SetGeoTransform(gt); mem.SetProjection(srs.ExportToWkt()); mem.GetRasterBand(1).WriteArray(a)
    gdal.GetDriverByName('GTiff').CreateCopy(os.path.join(folder, name), mem, options=['TILED=YES', 'BLOCKXSIZE=64', 'BLOCKYSIZE=32', 'COMPRESS=DEFLATE', 'PREDICTOR=2'])
y, x = np.mgrid[0:H, 0:W]
for k, n in enumerate(nums):
    refl = 0.04 + 0.03 * k + 0.2 * (np.sin(x / 11.0 + k) * np.cos(y / 7.0) + 1) / 2
    dn = np.round((refl + 0.2) / 2.75e-05).astype(np.uint16)
    dn[:3, :5] = 0
    write('%s_%s%d.TIF' % (pid, prefix, n), dn, gdal.GDT_UInt16)
qa = np.full((H, W), 21824, np.uint16)  # clear, low confidence flags (a typical clear-land value)
qa[:3, :5] = 1                           # fill
qa[10:20, 10:30] = 22280                 # cloud (bit 3) with high confidence
qa[25:30, 40:60] = 21826                 # dilated cloud (bit 1)
qa[35:40, 5:15] = 23888                  # cloud shadow (bit 4)
qa[45:48, 70:80] = 54596 if sc != 'LANDSAT_7' else 21824   # cirrus (bit 2), Landsat 8/9 only
write('%s_QA_PIXEL.TIF' % pid, qa, gdal.GDT_UInt16)
lines = ['GROUP = LANDSAT_METADATA_FILE', '  GROUP = PRODUCT_CONTENTS',
  '    ORIGIN = "Image courtesy of the U.S. Geological Survey"',
  '    DIGITAL_OBJECT_IDENTIFIER = "https://doi.org/10.5066/P9OGBGM6"',
  '    LANDSAT_PRODUCT_ID = "%s"' % pid, '    PROCESSING_LEVEL = "%s"' % level, '    COLLECTION_NUMBER = 02',
  '    COLLECTION_CATEGORY = "T1"', '    OUTPUT_FORMAT = "GEOTIFF"']
for n in nums:
    lines.append('    FILE_NAME_BAND_%d = "%s_%s%d.TIF"' % (n, pid, prefix, n))
lines += ['    FILE_NAME_QUALITY_L1_PIXEL = "%s_QA_PIXEL.TIF"' % pid, '    FILE_NAME_METADATA_ODL = "%s_MTL.txt"' % pid, '  END_GROUP = PRODUCT_CONTENTS',
  '  GROUP = IMAGE_ATTRIBUTES', '    SPACECRAFT_ID = "%s"' % sc, '    SENSOR_ID = "%s"' % ('ETM' if sc == 'LANDSAT_7' else 'OLI_TIRS'),
  '    WRS_PATH = 217', '    WRS_ROW = 66', '    DATE_ACQUIRED = 2020-01-01', '    SCENE_CENTER_TIME = "12:34:56.7890000Z"', '    CLOUD_COVER = 7.25',
  '  END_GROUP = IMAGE_ATTRIBUTES',
  '  GROUP = PROJECTION_ATTRIBUTES', '    MAP_PROJECTION = "UTM"', '    DATUM = "WGS84"', '    UTM_ZONE = -25', '    GRID_CELL_SIZE_REFLECTIVE = 30.00', '  END_GROUP = PROJECTION_ATTRIBUTES']
if level.startswith('L2'):
    lines.append('  GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS')
    for n in nums:
        lines += ['    REFLECTANCE_MAXIMUM_BAND_%d = 1.602213' % n, '    REFLECTANCE_MINIMUM_BAND_%d = -0.199972' % n,
                  '    QUANTIZE_CAL_MAX_BAND_%d = 65535' % n, '    QUANTIZE_CAL_MIN_BAND_%d = 1' % n,
                  '    REFLECTANCE_MULT_BAND_%d = 2.75e-05' % n, '    REFLECTANCE_ADD_BAND_%d = -0.2' % n]
    lines.append('  END_GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS')
else:
    lines.append('  GROUP = LEVEL1_RADIOMETRIC_RESCALING')
    for n in nums:
        lines += ['    REFLECTANCE_MULT_BAND_%d = 2.0000E-05' % n, '    REFLECTANCE_ADD_BAND_%d = -0.100000' % n]
    lines.append('  END_GROUP = LEVEL1_RADIOMETRIC_RESCALING')
lines += ['END_GROUP = LANDSAT_METADATA_FILE', 'END']
with open(os.path.join(folder, '%s_MTL.txt' % pid), 'w') as f:
    f.write('\n'.join(lines) + '\n')
print(folder)
`;

/** Makes a Landsat Collection 2 product folder in `dir`; returns its path (…/LC08_L2SP_…). */
export async function makeLandsat(dir: string, options: LandsatOptions = {}): Promise<string> {
  return (await pythonAsync(LANDSAT_SCRIPT, dir, JSON.stringify(options))).trim();
}

const ZIP_SCRIPT = String.raw`
import sys, os, zipfile
folder, target, method = sys.argv[1], sys.argv[2], sys.argv[3]
base = os.path.dirname(folder)
with zipfile.ZipFile(target, 'w', zipfile.ZIP_DEFLATED if method == 'deflated' else zipfile.ZIP_STORED) as z:
    for d, _, names in os.walk(folder):
        for n in sorted(names):
            p = os.path.join(d, n)
            z.write(p, os.path.relpath(p, base))
`;

/** Zips a SAFE folder as ESA delivers it (the .SAFE folder at the archive's root), deflated or stored. */
export async function zipProduct(folder: string, target: string, method: 'deflated' | 'stored' = 'deflated'): Promise<string> {
  await pythonAsync(ZIP_SCRIPT, folder, target, method);
  return target;
}

const TAR_SCRIPT = String.raw`
import sys, os, tarfile
folder, target = sys.argv[1], sys.argv[2]
with tarfile.open(target, 'w', format=tarfile.PAX_FORMAT) as t:
    for n in sorted(os.listdir(folder)):
        t.add(os.path.join(folder, n), n)
`;

/** Tars a Landsat product folder as USGS delivers it (its files at the archive's root). */
export async function tarProduct(folder: string, target: string): Promise<string> {
  await pythonAsync(TAR_SCRIPT, folder, target);
  return target;
}

export const productPath = (...parts: string[]) => join(...parts);
