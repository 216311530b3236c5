import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors';
import type { GeoTransform } from '../../src/shared/geo';
import { lczColorMap } from '../../src/main/raster/export/class-tiff';
import { DATA_TYPES, type BandArray, type RasterDataType } from '../../src/main/raster/write/data-types';
import { encodeGeoTiff } from '../../src/main/raster/write/encode-geotiff';
import { geoKeysForEpsg } from '../../src/main/raster/write/epsg-geokeys';
import { resolveLayout, type GeoTiffOptions } from '../../src/main/raster/write/geotiff-options';
import { createGeoTiffWriter } from '../../src/main/raster/write/geotiff-writer';
import { gdalMissing } from '../helpers/gdal';
import { gdalReadback, sha256Of, type GdalReadback } from './gdal-readback';

const WIDTH = 53; // odd sizes, so rows and strips never line up by luck
const HEIGHT = 41;
const GT: GeoTransform = [540_000, 10, 0, 5_880_000, 0, -10];
const NODATA: Record<RasterDataType, number> = { Byte: 0, UInt16: 65535, Int16: -32768, UInt32: 4294967295, Int32: -999, Float32: -9999.5, Float64: Number.NaN };

/** Values spanning the type: its extremes, negatives, and for floats NaN, infinities, -0 and tiny numbers. */
function bandValues(type: RasterDataType, band: number): BandArray {
  const info = DATA_TYPES[type];
  const values = new info.array(WIDTH * HEIGHT);
  let state = 12345 + band * 777;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < values.length; i++) {
    // A smooth ramp with noise (what predictors are for) ...
    const smooth = Math.sin(i / 17 + band) * 0.4 + 0.5 + 0.05 * next();
    values[i] = info.sampleFormat === 3 ? (smooth - 0.5) * 1e4 : Math.round(info.min + smooth * (info.max - info.min));
  }
  // ... and the awkward values.
  const special = info.sampleFormat === 3 ? [Number.NaN, Infinity, -Infinity, -0, 1e-30, info.max, info.min] : [info.min, info.max, 0];
  special.forEach((v, k) => (values[k * 97 + band] = v));
  return values;
}

function optionsFor(type: RasterDataType, extra: Partial<GeoTiffOptions> = {}): GeoTiffOptions {
  return {
    width: WIDTH,
    height: HEIGHT,
    bands: 3,
    dataType: type,
    geoTransform: GT,
    geoKeys: geoKeysForEpsg(32633),
    nodata: NODATA[type],
    bandDescriptions: ['B2', 'B8A', 'B12 & <more>'],
    metadata: { SYNTHETIC: 'YES', NOTE: 'a "quoted" <value>' },
    bandMetadata: [{ WAVELENGTH: '490' }, { WAVELENGTH: '865' }, {}],
    description: 'a test raster',
    rowsPerStrip: 7,
    ...extra,
  };
}

/** Streams the bands in uneven batches of rows (1, 2, 3, ... rows) that straddle strip boundaries. */
async function writeStreaming(path: string, options: GeoTiffOptions, bands: BandArray[]): Promise<void> {
  const writer = await createGeoTiffWriter(path, options);
  let y = 0;
  for (let batch = 1; y < options.height; batch++) {
    const rows = Math.min(batch, options.height - y);
    await writer.writeRows(y, bands.map((b) => b.subarray(y * options.width, (y + rows) * options.width)));
    y += rows;
  }
  await writer.finish();
}

function expectSameRaster(read: GdalReadback, type: RasterDataType, bands: BandArray[], label: string): void {
  expect(read.size, label).toEqual([WIDTH, HEIGHT]);
  expect(read.dtypes, label).toEqual([type, type, type]);
  expect(read.sha256, `${label}: values`).toEqual(bands.map(sha256Of));
  expect(read.geoTransform, label).toEqual([...GT]);
  expect(read.epsg, label).toBe(32633);
  const nodata = NODATA[type];
  expect(read.nodata, label).toEqual(new Array(3).fill(Number.isNaN(nodata) ? 'nan' : nodata));
  expect(read.descriptions, label).toEqual(['B2', 'B8A', 'B12 & <more>']);
  expect(read.metadata, label).toMatchObject({ SYNTHETIC: 'YES', NOTE: 'a "quoted" <value>', TIFFTAG_IMAGEDESCRIPTION: 'a test raster', AREA_OR_POINT: 'Area' });
  expect(read.bandMetadata.map((m) => m.WAVELENGTH), label).toEqual(['490', '865', undefined]);
}

describe.skipIf(gdalMissing)('the GeoTIFF writer, read back by GDAL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-writer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const types = Object.keys(DATA_TYPES) as RasterDataType[];
  const cases = types.flatMap((type) =>
    (['none', 'deflate'] as const).flatMap((compression) => [false, true].map((bigTiff) => ({ type, compression, bigTiff, name: `${type}-${compression}-${bigTiff ? 'big' : 'classic'}` }))),
  );
  const bandsOf = new Map(types.map((t) => [t, [0, 1, 2].map((b) => bandValues(t, b))]));
  const read = new Map<string, GdalReadback>();

  beforeAll(async () => {
    for (const c of cases) await writeStreaming(join(dir, `${c.name}.tif`), optionsFor(c.type, { compression: c.compression, bigTiff: c.bigTiff }), bandsOf.get(c.type)!);
    for (const type of types) {
      writeFileSync(join(dir, `${type}-memory.tif`), encodeGeoTiff(optionsFor(type, { compression: 'deflate' }), bandsOf.get(type)!));
      await writeStreaming(join(dir, `${type}-pixel.tif`), optionsFor(type, { compression: 'deflate', interleave: 'pixel' }), bandsOf.get(type)!);
    }
    const names = [...cases.map((c) => c.name), ...types.flatMap((t) => [`${t}-memory`, `${t}-pixel`])];
    gdalReadback(...names.map((n) => join(dir, `${n}.tif`))).forEach((r, i) => read.set(names[i]!, r));
  });

  it.each(cases)('$name: same values, type, grid, CRS, nodata, descriptions and metadata', ({ name, type, compression, bigTiff }) => {
    const r = read.get(name)!;
    expectSameRaster(r, type, bandsOf.get(type)!, name);
    expect(r.magic).toBe(bigTiff ? '49492b00' : '49492a00');
    expect(r.imageStructure.INTERLEAVE).toBe('BAND');
    if (compression === 'deflate') {
      expect(r.imageStructure.COMPRESSION).toBe('DEFLATE');
      expect(r.imageStructure.PREDICTOR).toBe(DATA_TYPES[type].sampleFormat === 3 ? '3' : '2');
    } else {
      expect(r.imageStructure.COMPRESSION).toBeUndefined();
    }
  });

  it.each(Object.keys(DATA_TYPES))('%s: the in-memory encoder and pixel interleaving give the same raster', (type) => {
    const t = type as RasterDataType;
    expectSameRaster(read.get(`${t}-memory`)!, t, bandsOf.get(t)!, `${t} in memory`);
    const pixel = read.get(`${t}-pixel`)!;
    expectSameRaster(pixel, t, bandsOf.get(t)!, `${t} pixel-interleaved`);
    expect(pixel.imageStructure.INTERLEAVE).toBe('PIXEL');
  });

  it('writes a palette GDAL shows as the colour table, and files identical to the in-memory encoder', async () => {
    const classes = new Uint8Array(WIDTH * HEIGHT).map((_, i) => i % 18);
    const options: GeoTiffOptions = { width: WIDTH, height: HEIGHT, bands: 1, dataType: 'Byte', geoTransform: GT, geoKeys: geoKeysForEpsg(32633), nodata: 0, palette: lczColorMap(), compression: 'deflate' };
    const streamed = join(dir, 'palette.tif');
    await writeStreaming(streamed, options, [classes]);
    const [r] = gdalReadback(streamed);
    expect(r!.colorTable).toHaveLength(256);
    expect(r!.colorTable![1]).toEqual([0x8c, 0, 0, 255]); // LCZ 1, compact high-rise
    expect(r!.colorTable![17]).toEqual([0x6a, 0x6a, 0xff, 255]); // LCZ G, water
    expect(r!.sha256).toEqual([sha256Of(classes)]);
    expect(Buffer.from(readFileSync(streamed)).equals(Buffer.from(encodeGeoTiff(options, [classes])))).toBe(true);
  });

  it('names the EPSG CRS of projected and geographic grids as GDAL does, with the right units', () => {
    const cases = [
      { epsg: 32633, geographic: false, unit: 'metre' },
      { epsg: 32735, geographic: false, unit: 'metre' },
      { epsg: 3857, geographic: false, unit: 'metre' },
      { epsg: 2263, geographic: false, unit: 'US survey foot' },
      { epsg: 4326, geographic: true, unit: null },
      { epsg: 4258, geographic: true, unit: null },
    ];
    const paths = cases.map(({ epsg, geographic }) => {
      const path = join(dir, `epsg-${epsg}.tif`);
      const gt: GeoTransform = geographic ? [15, 0.001, 0, 53, 0, -0.001] : GT;
      writeFileSync(path, encodeGeoTiff({ width: 4, height: 3, bands: 1, dataType: 'Byte', geoTransform: gt, geoKeys: geoKeysForEpsg(epsg) }, [new Uint8Array(12)]));
      return path;
    });
    const read = gdalReadback(...paths);
    cases.forEach((c, i) => {
      expect(read[i]).toMatchObject({ epsg: c.epsg, geographic: c.geographic, linearUnit: c.unit });
      expect(read[i]!.metadata.AREA_OR_POINT).toBe('Area');
    });
    expect(() => geoKeysForEpsg(4978)).toThrow(UserError); // geocentric: not a grid CRS
    expect(() => geoKeysForEpsg(123456)).toThrow(/EPSG:123456/);
  });
});

describe('the GeoTIFF writer leaves nothing behind unless it finishes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-writer-fail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = (): GeoTiffOptions => ({ width: 16, height: 10, bands: 2, dataType: 'UInt16', compression: 'deflate', rowsPerStrip: 3 });
  const rows = (n: number) => [new Uint16Array(16 * n).fill(7), new Uint16Array(16 * n).fill(9)];
  const files = () => readdirSync(dir);

  it('abort() removes the partial file', async () => {
    const writer = await createGeoTiffWriter(join(dir, 'aborted.tif'), options());
    await writer.writeRows(0, rows(4));
    expect(files()).toHaveLength(1); // the temp file, hidden beside the target
    expect(files()[0]).toMatch(/^\.aborted\.tif\..*\.tmp$/);
    await writer.abort();
    expect(files()).toEqual([]);
    await expect(writer.writeRows(4, rows(1))).rejects.toThrow(/aborted/);
  });

  it('a failing write (rows out of order, wrong array type, wrong length) removes the file and refuses more', async () => {
    const bad: [string, (w: Awaited<ReturnType<typeof createGeoTiffWriter>>) => Promise<void>, RegExp][] = [
      ['order', (w) => w.writeRows(5, rows(1)), /expected row 4, got 5/],
      ['type', (w) => w.writeRows(4, [new Float32Array(16), new Float32Array(16)]), /Float32Array.*UInt16.*Uint16Array/],
      ['length', (w) => w.writeRows(4, [new Uint16Array(20), new Uint16Array(20)]), /not whole rows of 16/],
      ['too many rows', (w) => w.writeRows(4, rows(7)), /past the last row/],
      ['bands', (w) => w.writeRows(4, rows(1).slice(0, 1)), /got 1 bands/],
    ];
    for (const [name, act, message] of bad) {
      const writer = await createGeoTiffWriter(join(dir, `${name}.tif`), options());
      await writer.writeRows(0, rows(4));
      await expect(act(writer), name).rejects.toThrow(message);
      expect(files(), name).toEqual([]);
      await expect(writer.finish(), name).rejects.toThrow(/failed/);
      await writer.abort(); // harmless after a failure
    }
  });

  it('finish() before the last row fails and removes the file', async () => {
    const writer = await createGeoTiffWriter(join(dir, 'short.tif'), options());
    await writer.writeRows(0, rows(9));
    await expect(writer.finish()).rejects.toThrow(/only 9 of 10 rows/);
    expect(files()).toEqual([]);
  });

  it('a target that is a folder, or a missing folder, fails with a message naming it', async () => {
    const folder = join(dir, 'taken.tif');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    const writer = await createGeoTiffWriter(folder, options());
    await writer.writeRows(0, rows(10));
    await expect(writer.finish()).rejects.toThrow(`${folder}: a folder has this name`);
    expect(files()).toEqual(['taken.tif']);
    rmSync(folder, { recursive: true });
    const missing = join(dir, 'nowhere', 'x.tif');
    await expect(createGeoTiffWriter(missing, options())).rejects.toThrow(`${join(dir, 'nowhere')}: the output folder does not exist`);
  });

  it('uses BigTIFF only when the file could pass 4 GB, and refuses classic TIFF then', () => {
    const big = { width: 50_000, height: 50_000, bands: 1, dataType: 'UInt16' } as const;
    expect(resolveLayout(big).bigTiff).toBe(true); // 5 GB of pixels
    expect(resolveLayout({ ...big, height: 40_000 }).bigTiff).toBe(false); // 4.0 GB minus a little: still classic
    expect(resolveLayout({ ...big, height: 42_950 }).bigTiff).toBe(true);
    expect(() => resolveLayout({ ...big, bigTiff: false })).toThrow(/needs BigTIFF/);
    expect(resolveLayout({ ...options(), bigTiff: true }).bigTiff).toBe(true);
  });
});
