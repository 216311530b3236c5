import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayGridSchema, inspectResultSchema, type DisplayGrid } from '../../src/shared/contract/maps';
import { displayGridOf, lonLatBounds, mercatorWarp } from '../../src/main/raster/display-grid';
import { inspectAt } from '../../src/main/raster/inspect';
import type { LczMap } from '../../src/main/raster/lcz-map';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { gdal, gdalAsync, gdalBand1, gdalinfo, gdalTransform } from '../helpers/gdal';
import { python } from '../helpers/python';
import { classCounts, expectedClasses, inParallel, makeTempDir, skipReason, zaragoza } from './raster-support';

/** The class grid as the app sends it to the map (what MapsService shows), at most `maxSide` cells a side. */
const warpForDisplay = (map: LczMap, maxSide?: number): DisplayGrid => displayGridOf(map, mercatorWarp(map, maxSide));

interface Warped {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  pixel: number;
  width: number;
  height: number;
}

/** Extent and size of gdalwarp's own Web Mercator output. */
function gdalWarped(path: string): Warped {
  const info = gdalinfo(path);
  const [x0, px, , y0, , py] = info.geoTransform as [number, number, number, number, number, number];
  const [width, height] = info.size;
  return { minX: x0, maxX: x0 + width * px, maxY: y0, minY: y0 + height * py, pixel: Math.max(px, -py), width, height };
}

const toMercator = proj4('EPSG:4326', 'EPSG:3857');

/** Points from a CRS to lon/lat by GDAL's gdaltransform (PROJ), independent of proj4js. */
function gdalLonLats(srs: string, points: [number, number][]): [number, number][] {
  return gdalTransform(srs, '+proj=longlat +datum=WGS84', points);
}

function decode(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** Deterministic sample of cells, spread over the grid. */
function sampleCells(map: LczMap, n: number): [number, number][] {
  const cells: [number, number][] = [];
  let seed = 12345;
  for (let k = 0; k < n; k++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const r = seed % map.height;
    seed = (seed * 1103515245 + 12345) % 2147483648;
    cells.push([r, seed % map.width]);
  }
  return cells;
}

describe.skipIf(skipReason)('display grid and inspection', () => {
  const temp = makeTempDir('lcz-display-');
  const utm = join(temp.dir, 'utm.tif');
  const zaragoza3857 = join(temp.dir, 'zaragoza-3857.tif');
  const utm3857 = join(temp.dir, 'utm-3857.tif');
  afterAll(temp.cleanup);
  beforeAll(async () => {
    await inParallel([
      () => gdalAsync('gdalwarp', '-q', '-t_srs', 'EPSG:32630', '-r', 'near', '-ot', 'Float32', '-dstnodata', '-1', zaragoza, utm),
      () => gdalAsync('gdalwarp', '-q', '-et', '0', '-t_srs', 'EPSG:3857', '-r', 'near', '-dstnodata', '-999', zaragoza, zaragoza3857),
    ]);
    // -et 0: exact transforms (gdalwarp's default approximation moves some boundary cells).
    await gdalAsync('gdalwarp', '-q', '-et', '0', '-t_srs', 'EPSG:3857', '-r', 'near', '-dstnodata', '-1', utm, utm3857);
  });

  it.each([
    ['geographic (Zaragoza, EPSG:4326)', zaragoza, zaragoza3857, -999, 0],
    ['projected (UTM 30N copy)', utm, utm3857, -1, 1e-4],
  ])('%s: same grid as gdalwarp -t_srs EPSG:3857 -r near, same classes', async (_, source, warped, nodata, tolerated) => {
    const map = await readLczMap(source);
    const grid = warpForDisplay(map);
    expect(displayGridSchema.parse(grid)).toEqual(grid);
    const ref = gdalWarped(warped);
    const [tl, tr, br, bl] = grid.corners.map((c) => toMercator.forward([...c]) as [number, number]);
    for (const [ours, theirs] of [
      [tl![0], ref.minX], [tl![1], ref.maxY], [tr![0], ref.maxX], [tr![1], ref.maxY],
      [br![0], ref.maxX], [br![1], ref.minY], [bl![0], ref.minX], [bl![1], ref.minY],
    ] as [number, number][]) {
      expect(Math.abs(ours - theirs), `${ours} vs gdalwarp ${theirs}`).toBeLessThanOrEqual(ref.pixel);
    }
    // Same pixel size rule as gdalwarp, hence the same grid.
    expect([grid.width, grid.height]).toEqual([ref.width, ref.height]);

    const classes = decode(grid.classesBase64);
    expect(classes.length).toBe(grid.width * grid.height);
    const expected = expectedClasses(gdalBand1(warped), nodata);
    let differing = 0;
    for (let i = 0; i < classes.length; i++) if (classes[i] !== expected[i]) differing++;
    // Geographic: every cell as GDAL has it. Projected: proj4js and PROJ may round a boundary cell differently.
    expect(differing / classes.length, `${differing} cells differ`).toBeLessThanOrEqual(tolerated);
    const ours = classCounts(classes);
    const theirs = classCounts(expected);
    for (let c = 0; c < 18; c++) expect(Math.abs(ours[c]! - theirs[c]!), `class ${c}`).toBeLessThanOrEqual(Math.ceil(tolerated * classes.length));
  });

  it('stays exact on a continental map where projections bend (interpolation is checked)', async () => {
    // 400 x 400 cells of 10 km in ETRS89-LAEA over Europe, classes in 3-cell stripes: boundaries everywhere.
    const europe = join(temp.dir, 'europe.tif');
    python(
      `import sys
from osgeo import gdal, osr
import numpy as np
r, c = np.indices((400, 400))
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 400, 400, 1, gdal.GDT_Byte)
ds.SetGeoTransform([2000000, 10000, 0, 5500000, 0, -10000])
s = osr.SpatialReference(); s.ImportFromEPSG(3035); ds.SetProjection(s.ExportToWkt())
ds.GetRasterBand(1).SetNoDataValue(0); ds.GetRasterBand(1).WriteArray(((r // 3 + c // 3) % 17 + 1).astype(np.uint8)); ds = None`,
      europe,
    );
    const grid = warpForDisplay(await readLczMap(europe));
    // Our footprint traces the curved edges more densely than gdalwarp's, so ask GDAL for our exact grid.
    const [tl, , br] = grid.corners.map((c) => toMercator.forward([...c]) as [number, number]);
    const warped = join(temp.dir, 'europe-3857.tif');
    gdal('gdalwarp', '-q', '-et', '0', '-t_srs', 'EPSG:3857', '-r', 'near', '-te', `${tl![0]}`, `${br![1]}`, `${br![0]}`, `${tl![1]}`,
      '-ts', `${grid.width}`, `${grid.height}`, europe, warped);
    const expected = expectedClasses(gdalBand1(warped), 0);
    const classes = decode(grid.classesBase64);
    let differing = 0;
    for (let i = 0; i < classes.length; i++) if (classes[i] !== expected[i]) differing++;
    expect(differing / classes.length, `${differing} cells differ`).toBeLessThanOrEqual(1e-4);
  });

  it('warps Zaragoza fast, and caps the long side', async () => {
    const t0 = performance.now();
    const map = await readLczMap(zaragoza);
    const t1 = performance.now();
    const grid = warpForDisplay(map);
    const t2 = performance.now();
    console.info(`Zaragoza ${map.width}x${map.height}: read ${(t1 - t0).toFixed(0)} ms, warp to ${grid.width}x${grid.height} ${(t2 - t1).toFixed(0)} ms`);
    expect(t2 - t1).toBeLessThan(1000);
    const small = warpForDisplay(map, 256);
    expect(Math.max(small.width, small.height)).toBe(256);
    // Same place: corners move by less than one (small) pixel.
    const smallPixel = (grid.corners[1][0] - grid.corners[0][0]) / small.width;
    small.corners.forEach((c, i) => expect(Math.abs(c[0] - grid.corners[i]![0])).toBeLessThan(smallPixel));
  });

  it('gives lon/lat bounds that contain every cell centre', async () => {
    const map = await readLczMap(utm);
    const [w, s, e, n] = lonLatBounds(map);
    const gt = map.geoTransform;
    const centres = sampleCells(map, 500).map(([r, c]) => [gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]] as [number, number]);
    const lonLats = gdalLonLats('EPSG:32630', centres);
    for (const [lon, lat] of lonLats) {
      expect(lon).toBeGreaterThanOrEqual(w);
      expect(lon).toBeLessThanOrEqual(e);
      expect(lat).toBeGreaterThanOrEqual(s);
      expect(lat).toBeLessThanOrEqual(n);
    }
  });

  it('inspects the cell under a lon/lat point, in a geographic and a projected map', async () => {
    const geographic = await readLczMap(zaragoza);
    const gt = geographic.geoTransform;
    for (const [r, c] of sampleCells(geographic, 300)) {
      const result = inspectAt(geographic, gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]);
      expect(inspectResultSchema.parse(result)).toEqual(result);
      expect(result).toMatchObject({ inside: true, row: r, col: c, value: geographic.classes[r * geographic.width + c] });
    }
    expect(inspectAt(geographic, 10, 41.6)).toEqual({ inside: false });
    expect(inspectAt(geographic, Number.NaN, 41.6)).toEqual({ inside: false });

    // Projected: cell centres in UTM, turned into lon/lat by GDAL (independent of proj4js).
    const projected = await readLczMap(utm);
    const cells = sampleCells(projected, 300);
    const pgt = projected.geoTransform;
    const lonLats = gdalLonLats('EPSG:32630', cells.map(([r, c]) => [pgt[0] + (c + 0.5) * pgt[1], pgt[3] + (r + 0.5) * pgt[5]]));
    lonLats.forEach(([lon, lat], k) => {
      const [r, c] = cells[k]!;
      const result = inspectAt(projected, lon, lat);
      expect(result).toMatchObject({ inside: true, row: r, col: c, value: projected.classes[r * projected.width + c] });
      if (result.inside) {
        expect(Math.abs(result.x - (pgt[0] + (c + 0.5) * pgt[1]))).toBeLessThan(1e-3);
        expect(Math.abs(result.y - (pgt[3] + (r + 0.5) * pgt[5]))).toBeLessThan(1e-3);
      }
    });
  });
});
