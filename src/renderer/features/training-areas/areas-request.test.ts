import { describe, expect, it } from 'vitest';
import { SO2SAT_S2_BANDS } from '../../../shared/bands';
import { areaSetNameSchema, areasMapParamsSchema, type BundleSummary } from '../../../shared/contract';
import { areaSetNameFor, areasMapParams, fineTunableBundles, missingCnnBands, parseTrainSettings, shownBootstrap, type TrainForm } from './areas-request';

const form = (patch: Partial<TrainForm> = {}): TrainForm => ({ classifier: 'rf', trees: '30', epochs: '20', bootstrap: null, fromBundle: null, ...patch });

describe('parseTrainSettings', () => {
  it('takes whole numbers in range, 0 bootstrap runs included', () => {
    expect(parseTrainSettings(form({ bootstrap: '25' }))).toEqual({ ok: true, classifier: 'rf', trees: 30, bootstrap: 25 });
    expect(parseTrainSettings(form({ trees: ' 5 ', bootstrap: '0' }))).toEqual({ ok: true, classifier: 'rf', trees: 5, bootstrap: 0 });
    expect(parseTrainSettings(form({ classifier: 'cnn', epochs: '7', bootstrap: '2', fromBundle: '/b/x' }))).toEqual({ ok: true, classifier: 'cnn', epochs: 7, fromBundle: '/b/x', bootstrap: 2 });
  });

  it("runs the classifier's default bootstrap (25 forests, 3 CNNs) until the user types one", () => {
    expect(shownBootstrap(form())).toBe('25');
    expect(shownBootstrap(form({ classifier: 'cnn' }))).toBe('3');
    expect(parseTrainSettings(form({ classifier: 'cnn' }))).toMatchObject({ ok: true, bootstrap: 3 });
    expect(parseTrainSettings(form({ classifier: 'cnn', bootstrap: '10' }))).toMatchObject({ ok: true, bootstrap: 10 });
  });

  it('checks only the chosen classifier\'s settings, and refuses what the contract would refuse, naming the field', () => {
    expect(parseTrainSettings(form({ trees: '0' }))).toMatchObject({ ok: false, message: expect.stringMatching(/^Trees/) });
    expect(parseTrainSettings(form({ trees: '2.5' }))).toMatchObject({ ok: false, message: expect.stringMatching(/^Trees/) });
    expect(parseTrainSettings(form({ bootstrap: '-1' }))).toMatchObject({ ok: false, message: expect.stringMatching(/^Bootstrap/) });
    expect(parseTrainSettings(form({ bootstrap: '1001' }))).toMatchObject({ ok: false });
    expect(parseTrainSettings(form({ classifier: 'cnn', trees: 'x', epochs: '0' }))).toMatchObject({ ok: false, message: expect.stringMatching(/^Epochs/) });
    expect(parseTrainSettings(form({ classifier: 'cnn', epochs: '201' }))).toMatchObject({ ok: false, message: expect.stringMatching(/^Epochs/) });
    expect(parseTrainSettings(form({ classifier: 'rf', epochs: 'x' }))).toMatchObject({ ok: true });
  });
});

describe('areasMapParams', () => {
  const scene = { path: '/data/L7_ETMs.tif', settings: { sensor: null, bands: ['S2.B3', 'S2.B4', 'S2.B8', 'S2.B11'], scale: 1, offset: 0 }, truthPath: null };

  it('makes parameters the contract accepts: a random forest over the whole scene at 100 m, without CNN settings', () => {
    const params = areasMapParams(scene, '/ws/areas/L7_ETMs areas.geojson', { classifier: 'rf', trees: 12, bootstrap: 5 });
    const parsed = areasMapParamsSchema.parse(params);
    expect(parsed).toMatchObject({ areas: '/ws/areas/L7_ETMs areas.geojson', scene: '/data/L7_ETMs.tif', classifier: 'rf', trees: 12, bootstrap: 5, extent: 'scene' });
    expect(parsed.outDir).toBeUndefined();
    expect(parsed.cnn).toBeUndefined();
  });

  it('makes parameters the contract accepts for a CNN: its epochs and bundle, the rest of its settings defaulted', () => {
    for (const fromBundle of [null, '/ws/bundles/city']) {
      const parsed = areasMapParamsSchema.parse(areasMapParams(scene, '/ws/a.geojson', { classifier: 'cnn', epochs: 4, fromBundle, bootstrap: 3 }));
      expect(parsed).toMatchObject({ classifier: 'cnn', bootstrap: 3, cnn: { arch: 'tiny-cnn', epochs: 4, fromBundle } });
    }
  });
});

describe('what the CNN needs of the scene', () => {
  const bundle = (name: string, bands: string[], patchSize = 32, resolutionM = 10): BundleSummary => ({
    dir: `/b/${name}`, name, description: '', bands, patchSize, resolutionM, demo: false, method: 'train', metrics: {}, lineage: { kind: 'model', parent: null, detail: null },
  });

  it('names the Sentinel-2 bands a scene lacks (none for a full Sentinel-2 mapping)', () => {
    expect(missingCnnBands([...SO2SAT_S2_BANDS, null])).toEqual([]);
    expect(missingCnnBands(['S2.B3', 'S2.B4', 'S2.B8', 'S2.B11'])).toEqual(['S2.B2', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8A', 'S2.B12']);
  });

  it('offers to fine-tune only bundles of 32 x 32 patches at 10 m whose bands the scene has', () => {
    const bundles = [bundle('all', [...SO2SAT_S2_BANDS]), bundle('rgb', ['S2.B2', 'S2.B3', 'S2.B4']), bundle('coarse', ['S2.B4'], 32, 100), bundle('l8', ['L8.B4'])];
    expect(fineTunableBundles(bundles, ['S2.B2', 'S2.B3', 'S2.B4', null]).map((b) => b.name)).toEqual(['rgb']);
    expect(fineTunableBundles(bundles, [...SO2SAT_S2_BANDS]).map((b) => b.name)).toEqual(['all', 'rgb']);
  });
});

describe('areaSetNameFor', () => {
  it("names a scene's set after its file, as a name the workspace takes", () => {
    expect(areaSetNameFor('/work/shared/data/L7_ETMs.tif')).toBe('L7_ETMs areas');
    expect(areaSetNameFor('C:\\scenes\\Olinda 2001.tiff')).toBe('Olinda 2001 areas');
    for (const path of ['/x/.hidden.tif', '/x/a:b*c.tif', '/x/weird\u0001name.tif', '/x/' + 'n'.repeat(300) + '.tif']) {
      expect(areaSetNameSchema.safeParse(areaSetNameFor(path)).success, path).toBe(true);
    }
  });
});
