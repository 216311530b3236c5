/**
 * MBTiles files for the tests: written by GDAL's own MBTiles driver (gdal_translate -of MBTILES, gdaladdo) from a
 * generated GeoTIFF, and read back by python3's sqlite3 module, an SQLite independent of the one the app uses.
 */
import { join } from 'node:path';
import { gdal } from './gdal';
import { python, pythonJson } from './python';

/**
 * The test raster: one z=3 tile, x=3, y=2 (XYZ; TMS row 5: 45°W to 0°, 41°N to 66.5°N, Zaragoza in its bottom-right
 * quadrant), of Web Mercator, 256 pixels a side, in four quadrants of these colours (top-left, top-right,
 * bottom-left, bottom-right), so a tile read upside down or mirrored shows.
 */
export const QUADRANTS = [
  [200, 30, 30],
  [30, 200, 30],
  [30, 30, 200],
  [220, 220, 40],
] as const;
export const TILE = { z: 3, x: 3, y: 2, tmsRow: 5 } as const;

const quadrantsScript = `
import sys, json
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
R = 20037508.342789244
size = 2 * R / 8
colours = json.loads(sys.argv[2])
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 256, 256, 3, gdal.GDT_Byte)
ds.SetGeoTransform([-R + int(sys.argv[3]) * size, size / 256, 0, R - 2 * size, 0, -size / 256])
srs = osr.SpatialReference(); srs.ImportFromEPSG(3857); ds.SetProjection(srs.ExportToWkt())
for b in range(3):
    a = np.zeros((256, 256), np.uint8)
    for i, c in enumerate(colours):
        a[(i // 2) * 128:(i // 2 + 1) * 128, (i % 2) * 128:(i % 2 + 1) * 128] = c[b]
    ds.GetRasterBand(b + 1).WriteArray(a)
ds = None
`;

/** An MBTiles file of PNG tiles written by GDAL: the test raster at z=3 and an overview at z=2 (gdaladdo). */
export function gdalMbtiles(dir: string, name = 'quadrants.mbtiles'): string {
  const tif = join(dir, 'quadrants.tif');
  python(quadrantsScript, tif, JSON.stringify(QUADRANTS), String(TILE.x));
  const out = join(dir, name);
  gdal('gdal_translate', '-q', '-of', 'MBTILES', '-co', 'NAME=Quadrants', '-co', 'TILE_FORMAT=PNG', tif, out);
  gdal('gdaladdo', '-q', '-r', 'nearest', out, '2');
  return out;
}

const runScript = `import sys, json, sqlite3
c = sqlite3.connect(sys.argv[1])
params = json.loads(sys.argv[3])
if params:
    c.execute(sys.argv[2], params)
else:
    c.executescript(sys.argv[2])
c.commit()
c.close()`;

/** Runs SQL on an SQLite file (made if absent) with python3's sqlite3: a script, or one statement with \`?\` params. */
export function sqliteRun(path: string, sql: string, params: (string | number)[] = []): void {
  python(runScript, path, sql, JSON.stringify(params));
}

/** The tile_data of one row, as python3's sqlite3 reads it (null when there is no such row). */
export function sqliteTile(path: string, z: number, column: number, row: number): Buffer | null {
  const script = `import sys, sqlite3, base64, json
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
r = c.execute('SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?', [int(a) for a in sys.argv[2:5]]).fetchone()
print(json.dumps(base64.b64encode(r[0]).decode() if r else None))`;
  const b64 = pythonJson<string | null>(script, undefined, path, String(z), String(column), String(row));
  return b64 === null ? null : Buffer.from(b64, 'base64');
}

/** The RGB of the pixels at these [column, row] places of an image file (a tile written out), as GDAL decodes it. */
export function gdalPixels(path: string, places: readonly (readonly [number, number])[]): number[][] {
  const script = `import sys, json
from osgeo import gdal
gdal.UseExceptions()
ds = gdal.Open(sys.argv[1])
print(json.dumps([[int(ds.GetRasterBand(b).ReadAsArray(c, r, 1, 1)[0][0]) for b in (1, 2, 3)] for c, r in json.loads(sys.argv[2])]))`;
  return pythonJson<number[][]>(script, undefined, path, JSON.stringify(places));
}
