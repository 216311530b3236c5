// A Float32 scene with pixels of +/- infinity (an overflowed division in a processing chain, a bad mosaic edge) maps
// exactly as the same scene with NaN there: those pixels are no data, a cell whose footprint is mostly such pixels is
// no data in the result and is not counted as mapped, and cells whose patches do not reach them are unchanged.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultSummary } from '../../src/shared/contract';
import { demoBundlePath } from '../../src/main/paths';
import { readAllBands } from '../../src/main/raster/read-bands';
import { readSceneFile } from '../../src/main/scenes/scene-file';
import { scenePreview } from '../../src/main/scenes/scene-preview';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import { settingsFromFile } from '../../src/main/scenes/scene-settings';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { outputsOf, runJob } from '../helpers/jobs';
import { gdalMissing } from '../helpers/gdal';
import { python } from '../helpers/python';
import { gdalVariant } from '../scenes/gdal-variants';


const SIZE = 20; // cells of 100 m; the scene has 10 x 10 pixels of 10 m per cell
/** The cells (row, col) whose whole footprint is made non-finite: rows 5-6, columns 5-6. */
const HOLE = [[5, 5], [5, 6], [6, 5], [6, 6]] as const;

// Top half of the hole: +inf in every band; bottom half: -inf in band 2 only (no data in one band is no data in all).
const FILL = `
import sys
from osgeo import gdal
gdal.UseExceptions()
path, value = sys.argv[1], float(sys.argv[2])
ds = gdal.Open(path, gdal.GA_Update)
for b in range(1, ds.RasterCount + 1):
    band = ds.GetRasterBand(b)
    a = band.ReadAsArray()
    a[50:60, 50:70] = value
    if b == 2: a[60:70, 50:70] = -value if value == value else value
    band.WriteArray(a)
ds = None
`;

describe.skipIf(gdalMissing)('mapping a scene with infinite pixels', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-map-inf-'));
  const scenes: Record<'clean' | 'inf' | 'nan', string> = { clean: '', inf: '', nan: '' };
  beforeAll(async () => {
    const { scenePath } = await writeDemoScene(join(temp, 'scene'), { seed: 7, size: SIZE });
    for (const [name, value] of [['clean', null], ['inf', 'inf'], ['nan', 'nan']] as const) {
      scenes[name] = gdalVariant(scenePath, join(temp, `${name}.tif`), { type: 'Float32', scale: [0, 10000, 0, 1] });
      if (value) python(FILL, scenes[name], value);
    }
  }, 60_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const map = async (name: keyof typeof scenes) => {
    const scene = scenes[name];
    const { settings } = settingsFromFile(await readSceneFile(scene));
    const outDir = join(temp, `out-${name}`);
    outputsOf(await runJob({ kind: 'map', params: { scene, settings, bundles: [demoBundlePath()], outDir, resolutionM: 100, tta: false, filter: false, truth: null } }));
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as ResultSummary;
    return { summary, report: readFileSync(join(outDir, 'report.md'), 'utf8'), classes: (await readAllBands(join(outDir, 'lcz.tif'))).bands[0]!, probabilities: (await readAllBands(join(outDir, 'probabilities.tif'))).bands };
  };

  it('leaves the cells under infinite pixels as no data, maps the rest as with NaN, and counts only the mapped cells', async () => {
    const [clean, inf, nan] = [await map('clean'), await map('inf'), await map('nan')];
    // The file really holds infinities (GDAL wrote them; our reader reads them as such).
    const written = (await readAllBands(scenes.inf)).bands;
    expect([written[0]![55 * SIZE * 10 + 55], written[1]![65 * SIZE * 10 + 55]]).toEqual([Infinity, -Infinity]);

    for (const [r, c] of HOLE) {
      expect(inf.classes[r * SIZE + c], `cell ${r},${c}`).toBe(0);
      expect(nan.classes[r * SIZE + c], `cell ${r},${c}`).toBe(0);
    }
    expect(inf.summary.stats.predictedCells).toBe(SIZE * SIZE - HOLE.length);
    expect(nan.summary.stats.predictedCells).toBe(SIZE * SIZE - HOLE.length);
    expect(clean.summary.stats.predictedCells).toBe(SIZE * SIZE);
    expect(inf.report).toContain(`Cells mapped: ${SIZE * SIZE - HOLE.length} of ${SIZE * SIZE}`);
    // Exactly the NaN scene's result, cell for cell and probability for probability.
    expect(inf.classes).toEqual(nan.classes);
    inf.probabilities.forEach((band, k) => expect(band, `probability band ${k + 1}`).toEqual(nan.probabilities[k]));
    // A 32-pixel patch reaches 11 pixels past its cell: cells two or more away from the hole are the clean scene's.
    for (let r = 0; r < SIZE; r++)
      for (let c = 0; c < SIZE; c++) {
        if (r >= 3 && r <= 8 && c >= 3 && c <= 8) continue;
        expect(inf.classes[r * SIZE + c], `cell ${r},${c}`).toBe(clean.classes[r * SIZE + c]);
      }
  }, 120_000);

  it("draws the scene's preview with infinite pixels as no data, as with NaN", async () => {
    const preview = async (name: keyof typeof scenes) => {
      const reader = await SceneReader.open(scenes[name]);
      try {
        return await scenePreview(reader, settingsFromFile(reader.scene).settings, 256);
      } finally {
        await reader.close();
      }
    };
    const [inf, nan] = [await preview('inf'), await preview('nan')];
    expect(inf.drawn).toEqual(['S2.B4', 'S2.B3', 'S2.B2']);
    expect(inf.rgbBase64).toBe(nan.rgbBase64);
  }, 60_000);
});
