// Bad input gets one clear message naming the file and the problem, and nothing is half-written: an earlier
// comparison in the output folder stays as it was, and no staging folder is left behind.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors';
import { compareMaps, type CompareContext } from '../../src/main/compare/compare-maps';
import { lockFolder } from '../../src/main/files/folder-lock';
import { gdalMissing } from '../helpers/gdal';
import { pythonAsync } from '../helpers/python';
import { FIXTURE_PY, writeGridMaps, type GridMaps } from './grid-fixtures';
import { writeResultFixture } from './result-fixture';

const quiet: CompareContext = { signal: new AbortController().signal, progress: () => {} };

/** The folder's files with their contents, to show nothing changed. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, `${statSync(join(dir, f)).mtimeMs}:${readFileSync(join(dir, f)).toString('base64')}`]));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe.skipIf(gdalMissing)('comparing maps that cannot be compared', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-compare-bad-'));
  const out = join(temp, 'out');
  const file = (name: string) => join(temp, name);
  let maps: GridMaps;
  let before: Record<string, string>;

  beforeAll(async () => {
    maps = await writeGridMaps(temp);
    await pythonAsync(
      `${FIXTURE_PY}
import sys
d = sys.argv[1]
# 300 km east of A: no overlap at all.
write(d + '/far.tif', np.full((40, 50), 3, np.uint8), (800037.3, 100.0, 0.0, 4650021.7, 0.0, -100.0), 32633, gdal.GDT_Byte, 0)
# Over A, but only no data where A has classes, and classes where A is outside.
a = np.zeros((40, 200), np.uint8); a[:, 160:] = 5
write(d + '/hollow.tif', a, (500037.3, 100.0, 0.0, 4650021.7, 0.0, -100.0), 32633, gdal.GDT_Byte, 0)
# A continuous raster (an NDVI x 100, say) on A's grid: values far outside 1-17.
write(d + '/ndvi.tif', np.random.default_rng(1).integers(-20, 90, (120, 150)).astype(np.int16), (500037.3, 100.0, 0.0, 4650021.7, 0.0, -100.0), 32633, gdal.GDT_Int16, None)
`,
      temp,
    );
    await compareMaps({ a: maps.a, b: maps.b, outDir: out }, quiet);
    before = snapshot(out);
  }, 120_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const expectUntouched = () => {
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  };

  it('says when the maps do not overlap, before reading a cell', async () => {
    const error = await rejection(compareMaps({ a: maps.a, b: file('far.tif'), outDir: out }, quiet));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(new RegExp(`^${file('far.tif')}: does not overlap ${maps.a}: the two maps cover different places \\(a: x 500037.3 to 515037.3`));
    expectUntouched();
  });

  it('says when the maps overlap but share no valid cell', async () => {
    const error = await rejection(compareMaps({ a: maps.a, b: file('hollow.tif'), outDir: out }, quiet));
    expect(error.message).toBe(`${file('hollow.tif')}: holds no class under any cell of ${maps.a} that holds one: the maps share no valid cell (do they cover the same place?)`);
    expectUntouched();
  });

  it('names a raster that is no LCZ map, first or second', async () => {
    for (const params of [{ a: file('ndvi.tif'), b: maps.a }, { a: maps.a, b: file('ndvi.tif') }, { a: maps.a, b: maps.b, truth: file('ndvi.tif') }]) {
      const error = await rejection(compareMaps({ ...params, outDir: out }, quiet));
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(new RegExp(`^${file('ndvi.tif')}: has values outside 1-17 that are neither nodata nor legacy codes 101-107: -20 \\(`));
    }
    expectUntouched();
  });

  it('refuses a result folder without summary.json as incomplete, and a folder that is no result', async () => {
    const result = join(temp, 'result');
    await writeResultFixture(result, { x0: 500000, y0: 4650000, cellM: 100, width: 30, height: 20, seed: 3 }, 'r');
    const cut = join(temp, 'interrupted');
    cpSync(result, cut, { recursive: true });
    rmSync(join(cut, 'summary.json'));
    const error = await rejection(compareMaps({ a: maps.a, b: cut, outDir: out }, quiet));
    expect(error.message).toBe(
      `${cut}: the second map (b) is an incomplete mapping result: it has lcz.tif but no summary.json (written last, so the mapping was interrupted or still runs); map it again, or give its lcz.tif to compare the classes only`,
    );
    const empty = join(temp, 'empty');
    mkdirSync(empty);
    expect((await rejection(compareMaps({ a: empty, b: maps.b, outDir: out }, quiet))).message).toBe(
      `${empty}: the first map (a) is a folder but not a mapping result (it has no summary.json); give an LCZ GeoTIFF or a result folder`,
    );
    expect((await rejection(compareMaps({ a: maps.a, b: join(temp, 'nothing.tif'), outDir: out }, quiet))).message).toBe(
      `${join(temp, 'nothing.tif')}: the second map (b) does not exist (was it moved or deleted?)`,
    );
    expect((await rejection(compareMaps({ a: maps.a, b: maps.b, outDir: result }, quiet))).message).toMatch(new RegExp(`^${result}: is a mapping result folder`));
    expectUntouched();
  });

  it('refuses a folder another comparison is writing, naming the process', async () => {
    const lock = await lockFolder(out, 'comparison');
    try {
      const error = await rejection(compareMaps({ a: maps.a, b: maps.b, outDir: out }, quiet));
      expect(error.message).toBe(`${out}: another comparison is writing to this folder (this process); wait for it to end or choose another folder`);
    } finally {
      await lock.release();
    }
    expectUntouched();
  });

  it('stops on cancel between row ranges, with the folder as it was', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await rejection(
      compareMaps(
        { a: maps.a, b: maps.b, truth: maps.truth, outDir: out },
        {
          signal: controller.signal,
          progress: (p) => {
            seen.push(p.done);
            if (p.stage === 'compare' && p.done >= 30) controller.abort();
          },
        },
        { rangeCells: 1500, windowSamples: 1e9 }, // 10 rows of A a range
      ),
    );
    expect(error.name).toBe('AbortError');
    expect(seen).toEqual([10, 20, 30]);
    expectUntouched();
  });
});
