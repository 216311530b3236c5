import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LCZ_CLASSES, hexToRgb } from '../../../shared/lcz-classes';
import { UserError } from '../../../shared/errors';
import { syntheticCityMap } from '../../synthetic/synthetic-city';
import type { LczMap } from '../lcz-map';
import { readLczMap } from '../read-lcz-map';
import { exportLczMap, type ExportProgress } from './export-lcz-map';
import { gdalBand1, gdalEpsg, gdalinfo, gdalMissing, validateCog } from '../../../../test/helpers/gdal';
import { qmlPalette } from '../../../../test/helpers/qml';
import { sharedData, sharedDataMissing } from '../../../../test/helpers/shared-data';

const zaragoza = sharedData('lcz_zaragoza.tif');
const zaragozaMissing = sharedDataMissing('lcz_zaragoza.tif');

const temp = mkdtempSync(join(tmpdir(), 'lcz-export-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(temp, `case-${++n}`);
  mkdirSync(dir);
  return dir;
};

/** Everything a user (and QGIS) expects of the product, checked with the system GDAL. */
function expectLczProduct(tif: string, map: LczMap, epsg: number, sourceGeoTransform: readonly number[]) {
  const { errors, warnings } = validateCog(tif);
  expect(errors).toEqual([]);
  expect(warnings).toEqual([]);

  const info = gdalinfo(tif);
  expect(info.size).toEqual([map.width, map.height]);
  expect(info.bands).toHaveLength(1);
  const band = info.bands[0]!;
  expect(band.type).toBe('Byte');
  expect(band.noDataValue).toBe(0);
  expect(band.colorInterpretation).toBe('Palette');
  const entries = band.colorTable!.entries;
  expect(entries).toHaveLength(256);
  expect(entries[0]!.slice(0, 3)).toEqual([0, 0, 0]);
  for (const c of LCZ_CLASSES) expect(entries[c.value]).toEqual([...hexToRgb(c.color), 255]);
  for (let i = 18; i < 256; i++) expect(entries[i]!.slice(0, 3)).toEqual([0, 0, 0]);
  expect(band.overviews?.length ?? 0).toBeGreaterThan(0);

  expect(gdalEpsg(tif)).toBe(epsg);
  info.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(sourceGeoTransform[i]!, 9));

  // Cell by cell, as an independent reader sees it.
  const cells = gdalBand1(tif);
  expect(cells.length).toBe(map.classes.length);
  let mismatches = 0;
  for (let i = 0; i < cells.length; i++) if (cells[i] !== map.classes[i]) mismatches++;
  expect(mismatches).toBe(0);
}

describe.skipIf(gdalMissing)('exportLczMap', () => {
  describe.skipIf(zaragozaMissing)('a real LCZ map (Zaragoza, Int32, nodata -999, EPSG:4326)', () => {
    let map: LczMap;
    let written: string[];
    let seconds: number;
    const dir = freshDir();
    const stages: ExportProgress[] = [];

    beforeAll(async () => {
      map = await readLczMap(zaragoza);
      const t0 = performance.now();
      written = await exportLczMap(map, join(dir, 'zaragoza-lcz.tif'), { overviewResampling: 'mode', onProgress: (p) => stages.push(p) });
      seconds = (performance.now() - t0) / 1000;
      console.log(`Zaragoza (${map.width} x ${map.height}) exported in ${seconds.toFixed(2)} s`);
    });

    it('writes the .tif and the .qml beside it, and nothing else', () => {
      expect(written).toEqual([join(dir, 'zaragoza-lcz.tif'), join(dir, 'zaragoza-lcz.qml')]);
      expect(readdirSync(dir).sort()).toEqual(['zaragoza-lcz.qml', 'zaragoza-lcz.tif']);
      expect(qmlPalette(written[1]!).entries).toHaveLength(17);
    });

    it('is a valid COG with the LCZ palette, nodata 0, the same CRS, grid and classes as the input', () => {
      expectLczProduct(written[0]!, map, 4326, gdalinfo(zaragoza).geoTransform);
      // The classes are the source values with -999 read as nodata 0, checked against GDAL, not only our reader.
      // (This copy of the file happens to have no -999 cells; the mapping is still what a user expects.)
      const source = gdalBand1(zaragoza);
      const out = gdalBand1(written[0]!);
      let mismatches = 0;
      for (let i = 0; i < source.length; i++) if ((source[i] === -999 ? 0 : source[i]) !== out[i]) mismatches++;
      expect(mismatches).toBe(0);
    });

    it('reports its stages in order', () => {
      expect(stages.map((s) => s.stage)).toEqual(['encode', 'cog', 'write', 'done']);
      expect(stages.map((s) => s.done)).toEqual([0, 1, 2, 3]);
      expect(stages.every((s) => s.total === 3)).toBe(true);
    });
  });

  describe('the synthetic demo map (UTM 33N, 300 x 300)', () => {
    const map = syntheticCityMap();
    const dir = freshDir();
    let tif: string;
    beforeAll(async () => {
      [tif] = (await exportLczMap(map, join(dir, 'demo.tif'), { overviewResampling: 'nearest' })) as [string];
    });

    it('is a valid COG on EPSG:32633 with the right grid and classes, and small', () => {
      expectLczProduct(tif, map, 32633, map.geoTransform);
      expect(gdalinfo(tif).bands[0]!.overviews).toEqual([{ size: [150, 150] }]);
      expect(statSync(tif).size).toBeLessThan(200_000);
    });

    it('makes its overview by nearest neighbour: every overview cell is the source cell it samples', () => {
      // GDAL's nearest overview at factor 2 takes the top-left cell of each 2 x 2 window.
      const level1 = readOverview(tif);
      let mismatches = 0;
      for (let y = 0; y < 150; y++) {
        for (let x = 0; x < 150; x++) if (level1[y * 150 + x] !== map.classes[2 * y * 300 + 2 * x]) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  });

  it('makes mode overviews that only hold classes present in the cells they cover', async () => {
    const map = syntheticCityMap({ seed: 5 });
    const [tif] = await exportLczMap(map, join(freshDir(), 'mode.tif'), { overviewResampling: 'mode' });
    const level1 = readOverview(tif!);
    let invented = 0;
    for (let y = 0; y < 150; y++) {
      for (let x = 0; x < 150; x++) {
        const v = level1[y * 150 + x];
        const window = [0, 1].flatMap((dy) => [0, 1].map((dx) => map.classes[(2 * y + dy) * 300 + 2 * x + dx]));
        if (!window.includes(v)) invented++;
      }
    }
    expect(invented).toBe(0);
  });

  describe('refuses and cleans up', () => {
    const map = syntheticCityMap({ size: 120 });

    it('refuses to overwrite its input', async () => {
      const dir = freshDir();
      const input = join(dir, 'input.tif');
      writeFileSync(input, 'not touched');
      await expect(exportLczMap({ ...map, path: input }, join(dir, '.', 'input.tif'), { overviewResampling: 'mode' })).rejects.toThrow(UserError);
      expect(readFileSync(input, 'utf8')).toBe('not touched');
    });

    it('names the folder it cannot write in', async () => {
      const missing = join(temp, 'no-such-folder');
      await expect(exportLczMap(map, join(missing, 'x.tif'), { overviewResampling: 'mode' })).rejects.toThrow(`${missing}: the output folder does not exist`);
      // Root writes anywhere a permission allows nothing; /sys refuses even root.
      const locked = process.getuid?.() === 0 ? '/sys' : freshDir();
      if (locked !== '/sys') (await import('node:fs')).chmodSync(locked, 0o555);
      const error = await exportLczMap(map, join(locked, 'x.tif'), { overviewResampling: 'mode' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toMatch(new RegExp(`^${locked}: cannot write`));
    });

    it('wants a .tif name', async () => {
      await expect(exportLczMap(map, join(freshDir(), 'x.png'), { overviewResampling: 'mode' })).rejects.toThrow(/give the output a \.tif name/);
    });

    for (const stage of ['encode', 'cog', 'write', 'before']) {
      it(`leaves nothing behind (and an older file untouched) when cancelled ${stage === 'before' ? 'before it starts' : `at "${stage}"`}`, async () => {
        const dir = freshDir();
        writeFileSync(join(dir, 'map.tif'), 'older export');
        const controller = new AbortController();
        if (stage === 'before') controller.abort();
        const run = exportLczMap(map, join(dir, 'map.tif'), {
          overviewResampling: 'mode',
          signal: controller.signal,
          onProgress: (p) => p.stage === stage && controller.abort(),
        });
        await expect(run).rejects.toThrow(/abort/i);
        expect(readdirSync(dir)).toEqual(['map.tif']);
        expect(readFileSync(join(dir, 'map.tif'), 'utf8')).toBe('older export');
      });
    }

    it('removes its temp files when cancelled while they are being written', async () => {
      const dir = freshDir();
      const controller = new AbortController();
      const run = exportLczMap(map, join(dir, 'map.tif'), {
        overviewResampling: 'mode',
        signal: controller.signal,
        // A microtask runs at the export's first await after "write": while the temp files are being written.
        onProgress: (p) => p.stage === 'write' && queueMicrotask(() => controller.abort()),
      });
      await expect(run).rejects.toThrow(/abort/i);
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});

/** The first overview of band 1, read by the system GDAL. */
function readOverview(tif: string): Float64Array {
  // In a COG the full-resolution image is the first TIFF directory and the overviews follow.
  return gdalBand1(`GTIFF_DIR:2:${tif}`);
}
