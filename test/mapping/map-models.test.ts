// Mapping with models from elsewhere and with ensembles, on a small synthetic scene, through the real job.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SceneSettings } from '../../src/shared/contract';
import { importModel } from '../../src/main/bundles/import-model';
import { readAllBands } from '../../src/main/raster/read-bands';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { SO2SAT_S2_BANDS } from '../../src/shared/bands';
import { makeCnnPair } from '../fixtures/onnx-models';
import { randomBundle } from '../helpers/bundles';
import { outputsOf, runJob } from '../helpers/jobs';

const SETTINGS: SceneSettings = { sensor: 'sentinel-2', bands: [...SO2SAT_S2_BANDS], scale: 1e-4, offset: 0 };

describe('mapping with imported models and ensembles', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-map-models-'));
  let scene: string;
  const map = async (bundles: string[], name: string, extra: { tta?: boolean } = {}) => {
    const outDir = join(temp, name);
    outputsOf(await runJob({ kind: 'map', params: { scene, settings: SETTINGS, bundles, outDir, resolutionM: 100, tta: extra.tta ?? false, filter: false, truth: null } }));
    return outDir;
  };
  const bands = async (dir: string, file: string) => (await readAllBands(join(dir, file))).bands;

  beforeAll(async () => {
    ({ scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 3, size: 24 }));
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('imports an NCHW and an NHWC ONNX file with equivalent weights and maps them to identical results', async () => {
    const pair = makeCnnPair({ channels: 10, patchSize: 32, seed: 11, widths: [8, 16] });
    const dirs: string[] = [];
    for (const layout of ['nchw', 'nhwc'] as const) {
      const file = join(temp, `model-${layout}.onnx`);
      writeFileSync(file, pair[layout]);
      const { bundle } = await importModel(file, join(temp, `bundle-${layout}`), { so2sat: true, resolutionM: 10, name: layout });
      expect(bundle.manifest.input.layout).toBe(layout.toUpperCase());
      dirs.push(await map([bundle.dir], `map-${layout}`));
    }
    const [a, b] = dirs as [string, string];
    const [classesA] = await bands(a, 'lcz.tif');
    const [classesB] = await bands(b, 'lcz.tif');
    expect(classesA!.length).toBe(24 * 24);
    expect(Buffer.compare(Buffer.from(classesA!.buffer as ArrayBuffer), Buffer.from(classesB!.buffer as ArrayBuffer))).toBe(0);
    const pa = await bands(a, 'probabilities.tif');
    const pb = await bands(b, 'probabilities.tif');
    let maxDiff = 0;
    pa.forEach((band, k) => band.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - pb[k]![i]!)))));
    expect(maxDiff).toBeLessThanOrEqual(1); // 1e-4: float rounding of two graphs
    // And the models are not trivially constant: the map holds more than one class.
    expect(new Set(classesA).size).toBeGreaterThan(1);
  });

  it('fuses an ensemble by the mean of the members probabilities and reports their disagreement', async () => {
    const one = await randomBundle(join(temp, 'member-1'), { seed: 21, widths: [8], appendInputMeans: true });
    const two = await randomBundle(join(temp, 'member-2'), { seed: 22, widths: [8], appendInputMeans: true });
    const [a, b, both] = [await map([one], 'one'), await map([two], 'two'), await map([one, two], 'both')];
    const [pa, pb, pe] = [await bands(a, 'probabilities.tif'), await bands(b, 'probabilities.tif'), await bands(both, 'probabilities.tif')];
    let maxDiff = 0;
    pe.forEach((band, k) => band.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - (pa[k]![i]! + pb[k]![i]!) / 2)))));
    expect(maxDiff).toBeLessThanOrEqual(1);
    expect(readdirSync(both)).toContain('disagreement.tif');
    expect(readdirSync(a)).not.toContain('disagreement.tif');
    const [disagreement] = await bands(both, 'disagreement.tif');
    const [ca] = await bands(a, 'lcz.tif');
    const [cb] = await bands(b, 'lcz.tif');
    const [ce] = await bands(both, 'lcz.tif');
    // With two members, each cell's disagreement is 0 (both voted the fused class) or 1/2 (one did not).
    for (let i = 0; i < ce!.length; i++) {
      const expected = ((ca![i] !== ce![i] ? 1 : 0) + (cb![i] !== ce![i] ? 1 : 0)) * 5000;
      expect(disagreement![i]).toBe(expected);
    }
    const summary = JSON.parse(readFileSync(join(both, 'summary.json'), 'utf8')) as { models: unknown[]; files: { disagreement: string | null } };
    expect(summary.models).toHaveLength(2);
    expect(summary.files.disagreement).toBe('disagreement.tif');
  });

  it('averages the four flipped views with test-time augmentation', async () => {
    const bundle = await randomBundle(join(temp, 'tta-model'), { seed: 5, widths: [8], appendInputMeans: true });
    const plain = await bands(await map([bundle], 'plain'), 'probabilities.tif');
    const tta = await bands(await map([bundle], 'tta', { tta: true }), 'probabilities.tif');
    let changed = 0;
    for (let i = 0; i < plain[0]!.length; i++) {
      let sum = 0;
      for (let k = 0; k < 17; k++) {
        sum += tta[k]![i]!;
        if (tta[k]![i] !== plain[k]![i]) changed++;
      }
      if (tta[0]![i] !== 65535) expect(Math.abs(sum - 10000)).toBeLessThanOrEqual(9);
    }
    // A random CNN is not flip-invariant, so averaging its views changes the probabilities.
    expect(changed).toBeGreaterThan(plain[0]!.length);
  });
});
