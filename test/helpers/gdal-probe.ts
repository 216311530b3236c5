/**
 * Test support: checks a written file with the real GDAL of the system (Debian gdal-bin and python3-gdal), an
 * implementation independent of the gdal3.js that wrote it. Only tests import this.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SYSTEM_PYTHON = '/usr/bin/python3';
export const hasSystemGdal = existsSync('/usr/bin/gdalinfo') && existsSync(SYSTEM_PYTHON);

export interface GdalInfoBand {
  type: string;
  noDataValue?: number;
  colorInterpretation: string;
  colorTable?: { count: number; entries: number[][] };
  overviews?: { size: [number, number] }[];
  block: [number, number];
}
export interface GdalInfo {
  size: [number, number];
  geoTransform: number[];
  coordinateSystem?: { wkt: string };
  stac?: { 'proj:epsg'?: number | null };
  metadata?: Record<string, Record<string, string>>;
  bands: GdalInfoBand[];
}

export function gdalinfo(path: string): GdalInfo {
  return JSON.parse(execFileSync('/usr/bin/gdalinfo', ['-json', path], { encoding: 'utf8' })) as GdalInfo;
}

/** EPSG code GDAL finds for the file's CRS (identifying it from the WKT when no code is stored). */
export function gdalEpsg(path: string): number | null {
  const out = execFileSync(
    SYSTEM_PYTHON,
    ['-c', 'import sys\nfrom osgeo import gdal, osr\nsrs = gdal.Open(sys.argv[1]).GetSpatialRef()\nsrs.AutoIdentifyEPSG()\nprint(srs.GetAuthorityCode(None) or "")', path],
    { encoding: 'utf8' },
  ).trim();
  return out ? Number(out) : null;
}

const validateScript = `
import sys, json
from osgeo import gdal
from osgeo_utils.samples.validate_cloud_optimized_geotiff import validate
gdal.UseExceptions()
warnings, errors, details = validate(gdal.Open(sys.argv[1]), full_check=True)
print(json.dumps({"warnings": warnings, "errors": errors}))
`;

/** GDAL's own COG validator (osgeo_utils.samples.validate_cloud_optimized_geotiff). */
export function validateCog(path: string): { warnings: string[]; errors: string[] } {
  return JSON.parse(execFileSync(SYSTEM_PYTHON, ['-c', validateScript, path], { encoding: 'utf8' })) as { warnings: string[]; errors: string[] };
}

const readScript = `
import sys
from osgeo import gdal
gdal.UseExceptions()
ds = gdal.Open(sys.argv[1])  # keep the dataset referenced: a band outliving it crashes GDAL
open(sys.argv[2], "wb").write(ds.GetRasterBand(1).ReadRaster(buf_type=gdal.GDT_Int32))
`;

/** Band 1 as read by system GDAL, as Int32 (enough for any LCZ source encoding we test with). */
export function readBandInt32(path: string): Int32Array {
  const raw = join(tmpdir(), `lcz-probe-${process.pid}-${Math.random().toString(36).slice(2)}.bin`);
  try {
    execFileSync(SYSTEM_PYTHON, ['-c', readScript, path, raw]);
    const bytes = readFileSync(raw);
    return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
  } finally {
    rmSync(raw, { force: true });
  }
}

/** Parses a .qml with Python's XML parser and returns its palette entries. */
export function qmlPalette(path: string): { renderer: string; band: string; entries: { value: string; color: string; label: string; alpha: string }[] } {
  const script = `
import sys, json, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
r = root.find("pipe/rasterrenderer")
print(json.dumps({"renderer": r.get("type"), "band": r.get("band"), "entries": [e.attrib for e in r.findall("colorPalette/paletteEntry")]}))
`;
  return JSON.parse(execFileSync(SYSTEM_PYTHON, ['-c', script, path], { encoding: 'utf8' })) as ReturnType<typeof qmlPalette>;
}
