import { describe, expect, it } from 'vitest';
import { areaSetNameSchema, areasMapParamsSchema } from '../../../shared/contract';
import { areaSetNameFor, areasMapParams, parseTrainSettings } from './areas-request';

describe('parseTrainSettings', () => {
  it('takes whole numbers in range, 0 bootstrap runs included', () => {
    expect(parseTrainSettings('30', '25')).toEqual({ ok: true, trees: 30, bootstrap: 25 });
    expect(parseTrainSettings(' 5 ', '0')).toEqual({ ok: true, trees: 5, bootstrap: 0 });
  });

  it('refuses what the contract would refuse, naming the field', () => {
    expect(parseTrainSettings('0', '25')).toMatchObject({ ok: false, message: expect.stringMatching(/^Trees/) });
    expect(parseTrainSettings('2.5', '25')).toMatchObject({ ok: false, message: expect.stringMatching(/^Trees/) });
    expect(parseTrainSettings('30', '-1')).toMatchObject({ ok: false, message: expect.stringMatching(/^Bootstrap/) });
    expect(parseTrainSettings('30', '1001')).toMatchObject({ ok: false });
  });
});

describe('areasMapParams', () => {
  it('makes parameters the contract accepts: a random forest over the whole scene at 100 m', () => {
    const scene = { path: '/data/L7_ETMs.tif', settings: { sensor: null, bands: ['S2.B3', 'S2.B4', 'S2.B8', 'S2.B11'], scale: 1, offset: 0 }, truthPath: null };
    const params = areasMapParams(scene, '/ws/areas/L7_ETMs areas.geojson', { trees: 12, bootstrap: 5 });
    const parsed = areasMapParamsSchema.parse(params);
    expect(parsed).toMatchObject({ areas: '/ws/areas/L7_ETMs areas.geojson', scene: '/data/L7_ETMs.tif', classifier: 'rf', trees: 12, bootstrap: 5, extent: 'scene' });
    expect(parsed.outDir).toBeUndefined();
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
