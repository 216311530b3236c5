import { describe, expect, it } from 'vitest';
import type { SceneSettings } from '../../../shared/contract';
import { mapJobParams } from './map-request';

const settings: SceneSettings = { sensor: 'sentinel-2', bands: ['S2.B2'], scale: 1e-4, offset: 0 };
const scene = { path: '/data/city.tif', settings, truthPath: null };
const choices = { selected: ['/b/one', '/b/two'], resolutionM: 100, tta: false, filter: true, fusion: 'recorded' as const };

describe('mapJobParams', () => {
  it('leaves the fusion to the job unless the user chose one for an ensemble', () => {
    expect(mapJobParams(scene, choices)).toEqual({ scene: '/data/city.tif', settings, bundles: ['/b/one', '/b/two'], resolutionM: 100, tta: false, filter: true, truth: null, bandEquivalence: false });
    expect(mapJobParams(scene, { ...choices, fusion: 'logit-average' })?.fusion).toBe('logit-average');
    expect(mapJobParams(scene, { ...choices, fusion: 'sum-rule' })?.fusion).toBe('sum-rule');
    // One model: nothing to fuse, whatever the choice left from an earlier ensemble.
    expect(mapJobParams(scene, { ...choices, selected: ['/b/one'], fusion: 'logit-average' })).not.toHaveProperty('fusion');
  });

  it('runs one model on the Metis card through the deployment chosen, and an ensemble on the CPU', () => {
    const device = { deployment: '/w/deployments/one-metis' };
    expect(mapJobParams(scene, { ...choices, selected: ['/b/one'], device })?.device).toEqual({ kind: 'metis', deployment: '/w/deployments/one-metis', index: 0 });
    expect(mapJobParams(scene, { ...choices, device })).not.toHaveProperty('device');
    expect(mapJobParams(scene, { ...choices, selected: ['/b/one'], device: null })).not.toHaveProperty('device');
  });

  it('gives nothing to start without a resolution or a model', () => {
    expect(mapJobParams(scene, { ...choices, resolutionM: null })).toBeNull();
    expect(mapJobParams(scene, { ...choices, selected: [] })).toBeNull();
  });
});
