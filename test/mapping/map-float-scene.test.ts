// A scene of Float32 reflectance (as many processing chains write it) is read with scale 1 by default and maps to
// the same result as the UInt16 x 10,000 scene it was made from, end to end through the mapping job.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultSummary } from '../../src/shared/contract';
import { demoBundlePath } from '../../src/main/paths';
import { readAllBands } from '../../src/main/raster/read-bands';
import { readSceneFile } from '../../src/main/scenes/scene-file';
import { settingsFromFile } from '../../src/main/scenes/scene-settings';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { outputsOf, runJob } from '../helpers/jobs';
import { gdalMissing } from '../helpers/gdal';
import { gdalVariant } from '../scenes/gdal-variants';


describe.skipIf(gdalMissing)('mapping a Float32 reflectance scene', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-map-float-'));
  let integer: string;
  let float: string;
  beforeAll(async () => {
    ({ scenePath: integer } = await writeDemoScene(join(temp, 'scene'), { seed: 7, size: 20 }));
    // Reflectance = DN / 10,000 as Float32 (nodata 0 stays 0).
    float = gdalVariant(integer, join(temp, 'float.tif'), { type: 'Float32', scale: [0, 10000, 0, 1] });
  }, 60_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const map = async (scene: string, name: string) => {
    const file = await readSceneFile(scene);
    const { settings, origin } = settingsFromFile(file);
    expect(origin).toBe('file');
    const outDir = join(temp, name);
    outputsOf(await runJob({ kind: 'map', params: { scene, settings, bundles: [demoBundlePath()], outDir, resolutionM: 100, tta: false, filter: false, truth: null } }));
    return { outDir, settings, dtype: file.dtype };
  };

  it('reads it with scale 1 and maps it as the UInt16 scene it came from', async () => {
    const a = await map(integer, 'uint16');
    const b = await map(float, 'float32');
    expect([a.dtype, a.settings.scale]).toEqual(['UInt16', 1e-4]);
    expect([b.dtype, b.settings.scale]).toEqual(['Float32', 1]);
    const summary = JSON.parse(readFileSync(join(b.outDir, 'summary.json'), 'utf8')) as ResultSummary;
    expect(summary.scene.settings.scale).toBe(1);
    expect(summary.stats.predictedCells).toBe(20 * 20);
    const [pa, pb] = [(await readAllBands(join(a.outDir, 'probabilities.tif'))).bands, (await readAllBands(join(b.outDir, 'probabilities.tif'))).bands];
    let maxDiff = 0;
    pa.forEach((band, k) => band.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - pb[k]![i]!)))));
    expect(maxDiff).toBeLessThanOrEqual(1); // float rounding of DN x 0.0001 against DN / 10,000
    const [ca, cb] = [(await readAllBands(join(a.outDir, 'lcz.tif'))).bands[0]!, (await readAllBands(join(b.outDir, 'lcz.tif'))).bands[0]!];
    expect(cb).toEqual(ca);
    expect(new Set(ca).size).toBeGreaterThan(3); // a real map of the city, not one class
  });
});
