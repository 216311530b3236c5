import { describe, expect, it } from 'vitest';
import type { MapView, ResultView, SceneView } from '../../../shared/contract';
import { DEFAULT_SETTINGS } from '../../features/training/training-defaults';
import type { SessionInputs } from './session-of';
import { sessionChanges, sessionOf } from './session-of';

const DEMO = '/app/resources/demo/synthetic-city-lcz.tif';
const map = (id: string, path: string) => ({ id, path }) as MapView;
const base: SessionInputs = {
  view: 'map',
  tab: 'layers',
  guideOpen: false,
  map: map('m1', DEMO),
  result: null,
  lczVisible: true,
  scene: null,
  sceneVisible: true,
  camera: { center: [15.8, 52.95], zoom: 10 },
  basemap: 'outline',
};
const form = { train: null, test: null, members: [], settings: DEFAULT_SETTINGS };

describe('sessionOf', () => {
  it('keeps no demo map (it opens when nothing else is), a map by its path, a result by its folder', () => {
    expect(sessionOf(base, form, null, DEMO).lcz).toBeNull();
    expect(sessionOf({ ...base, map: map('m2', '/data/city.tif') }, form, null, DEMO).lcz).toEqual({ kind: 'map', path: '/data/city.tif' });
    const resultMap = map('m3', '/w/results/r1/lcz.tif');
    const result = { dir: '/w/results/r1', map: resultMap } as ResultView;
    expect(sessionOf({ ...base, map: resultMap, result }, form, null, DEMO).lcz).toEqual({ kind: 'result', dir: '/w/results/r1' });
  });

  it('keeps the scene by its path, the view, the camera, the open run, and the form without its row ids', () => {
    const scene = { path: '/data/s2.tif' } as SceneView;
    const members = [{ id: 7, arch: 'tiny-cnn', inputs: 'rgb', seed: '3', width: '1' }] as const;
    const session = sessionOf({ ...base, view: 'training', scene }, { ...form, train: { path: '/d/train.h5', info: null, error: null }, members: [...members] }, '/w/runs/a', DEMO);
    expect(session).toMatchObject({ view: 'training', scene: '/data/s2.tif', camera: base.camera, run: '/w/runs/a' });
    expect(session.training).toEqual({ train: '/d/train.h5', test: null, members: [{ arch: 'tiny-cnn', inputs: 'rgb', seed: '3', width: '1' }], settings: DEFAULT_SETTINGS });
  });
});

describe('sessionChanges', () => {
  it('sends everything the first time, then only the parts that changed', () => {
    const first = sessionOf(base, form, null, DEMO);
    expect(sessionChanges(null, first)).toEqual(first);
    expect(sessionChanges(first, sessionOf(base, form, null, DEMO))).toEqual({});
    const moved = sessionOf({ ...base, tab: 'results', camera: { center: [15.8, 52.95], zoom: 11 } }, form, null, DEMO);
    expect(sessionChanges(first, moved)).toEqual({ tab: 'results', camera: { center: [15.8, 52.95], zoom: 11 } });
  });
});
