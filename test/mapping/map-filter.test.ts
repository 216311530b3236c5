// The majority filter changes the class map; the probabilities stay the model's own, and the confidence layers then
// describe the class drawn (not the class the model preferred), so that they still answer "how sure is this cell?".
// The summary, the report and the command line say how many cells the filter changed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SO2SAT_S2_BANDS } from '../../src/shared/bands';
import type { ResultSummary, SceneSettings } from '../../src/shared/contract';
import { confidenceOfDrawnClasses } from '../../src/main/mapping/drawn-class-confidence';
import { EnsembleFusion, finishFusion } from '../../src/main/mapping/fusion';
import { modeFilter } from '../../src/main/mapping/mode-filter';
import { readAllBands } from '../../src/main/raster/read-bands';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { ALL_LCZ_VALUES } from '../../src/shared/bundle-manifest';
import { randomBundle } from '../helpers/bundles';
import { outputsOf, runJob } from '../helpers/jobs';

const SETTINGS: SceneSettings = { sensor: 'sentinel-2', bands: [...SO2SAT_S2_BANDS], scale: 1e-4, offset: 0 };

/** A probability row over the 17 classes with `p` on class `cls` and the rest spread evenly. */
const row = (cls: number, p: number) => Float32Array.from(ALL_LCZ_VALUES, (v) => (v === cls ? p : (1 - p) / 16));

describe('confidence of the class drawn', () => {
  it('re-expresses max probability, margin and disagreement for a cell the filter changed, and leaves the others', () => {
    // 3 x 3 cells, two members: every cell LCZ 4 but the centre, where both members say LCZ 6 (0.6 against 0.025).
    const fusion = new EnsembleFusion(9, 2);
    for (const member of [0, 1]) {
      const probs = new Float32Array(9 * 17);
      for (let cell = 0; cell < 9; cell++) probs.set(cell === 4 ? row(6, 0.6) : row(4, 0.7), cell * 17);
      fusion.add(member, [0, 1, 2, 3, 4, 5, 6, 7, 8], probs, ALL_LCZ_VALUES, 1);
    }
    const fused = finishFusion(fusion);
    expect(fused.classes[4]).toBe(6);
    const drawn = modeFilter(fused.classes, 3, 3);
    expect(drawn[4]).toBe(4);
    const { fused: shown, changedCells } = confidenceOfDrawnClasses(fused, drawn);
    expect(changedCells).toBe(1);
    expect(shown.classes).toBe(drawn);
    expect(shown.maxProbability[4]).toBeCloseTo(0.4 / 16, 6); // the probability of LCZ 4 there
    expect(shown.margin[4]).toBe(0); // another class was more probable
    expect(shown.disagreement![4]).toBe(1); // neither member voted LCZ 4
    expect(shown.entropy[4]).toBe(fused.entropy[4]);
    expect(shown.probabilities).toBe(fused.probabilities); // the model's own, untouched
    for (const cell of [0, 1, 2, 3, 5, 6, 7, 8]) {
      expect(shown.maxProbability[cell]).toBe(fused.maxProbability[cell]);
      expect(shown.margin[cell]).toBe(fused.margin[cell]);
      expect(shown.disagreement![cell]).toBe(0);
    }
  });
});

describe('mapping with the majority filter', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-map-filter-'));
  let scene: string;
  let bundle: string;
  const map = async (name: string, filter: boolean) => {
    const outDir = join(temp, name);
    outputsOf(await runJob({ kind: 'map', params: { scene, settings: SETTINGS, bundles: [bundle], outDir, resolutionM: 100, tta: false, filter, truth: null } }));
    return outDir;
  };
  const bands = async (dir: string, file: string) => (await readAllBands(join(dir, file))).bands;

  beforeAll(async () => {
    ({ scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 12, size: 24 }));
    // A random CNN maps a noisy class map: plenty of isolated cells for the filter to change.
    bundle = await randomBundle(join(temp, 'bundle'), { seed: 31, widths: [8], appendInputMeans: true });
  }, 60_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('keeps the model probabilities, gives the confidence of the class drawn, and counts the changed cells', async () => {
    const plain = await map('plain', false);
    const filtered = await map('filtered', true);
    const [before] = await bands(plain, 'lcz.tif');
    const [after] = await bands(filtered, 'lcz.tif');
    let changed = 0;
    for (let i = 0; i < after!.length; i++) if (after![i] !== before![i]) changed++;
    expect(changed).toBeGreaterThan(0);

    const summary = JSON.parse(readFileSync(join(filtered, 'summary.json'), 'utf8')) as ResultSummary;
    expect(summary.settings.filter).toBe(true);
    expect(summary.stats.filterChangedCells).toBe(changed);
    expect((JSON.parse(readFileSync(join(plain, 'summary.json'), 'utf8')) as ResultSummary).stats.filterChangedCells).toBeNull();
    expect(readFileSync(join(filtered, 'report.md'), 'utf8')).toMatch(new RegExp(`${changed} cells \\(.*\\) changed class.*confidence layers describe the class drawn`));

    const [probsBefore, probsAfter] = [await bands(plain, 'probabilities.tif'), await bands(filtered, 'probabilities.tif')];
    probsAfter.forEach((band, k) => expect(band).toEqual(probsBefore[k]));
    const [maxBefore, marginAfter] = [(await bands(plain, 'confidence.tif'))[0]!, (await bands(filtered, 'confidence.tif'))[1]!];
    const maxAfter = (await bands(filtered, 'confidence.tif'))[0]!;
    for (let i = 0; i < after!.length; i++) {
      if (!after![i]) continue;
      // The max-probability layer is the probability of the class drawn, in every cell...
      expect(Math.abs(maxAfter[i]! - probsAfter[after![i]! - 1]![i]!)).toBeLessThanOrEqual(1);
      // ...which is the model's top probability where the filter left the class, and less (no margin) where it did not.
      if (after![i] === before![i]) expect(maxAfter[i]).toBe(maxBefore[i]);
      else {
        expect(maxAfter[i]!).toBeLessThanOrEqual(maxBefore[i]!);
        expect(marginAfter[i]).toBe(0);
      }
    }
  });
});
