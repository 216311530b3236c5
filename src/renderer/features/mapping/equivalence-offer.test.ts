import { describe, expect, it } from 'vitest';
import { SO2SAT_S2_BANDS } from '../../../shared/bands';
import { equivalenceOffer } from './equivalence-offer';

const L7 = ['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4', 'L7.B5', 'L7.B7'];

describe('the band equivalence the Mapping tab offers', () => {
  it('is nothing to accept when the scene names every band the models need', () => {
    expect(equivalenceOffer([...SO2SAT_S2_BANDS], [[...SO2SAT_S2_BANDS]])).toBeNull();
  });

  it("lists the Landsat 7 bands standing in for a Sentinel-2 model's, the red edge interpolated", () => {
    const offer = equivalenceOffer(L7, [[...SO2SAT_S2_BANDS]])!;
    expect(offer.sceneSensor).toBe('Landsat 7 ETM+');
    expect(offer.modelSensor).toBe('Sentinel-2 MSI');
    expect(offer.noEquivalent).toEqual([]);
    expect(offer.standIns.map((s) => s.id)).toEqual([...SO2SAT_S2_BANDS]);
    expect(offer.standIns.find((s) => s.id === 'S2.B4')?.text).toBe('S2.B4 (red) from L7.B3 (red, 660 nm)');
    expect(offer.standIns.filter((s) => s.interpolated).map((s) => s.id)).toEqual(['S2.B5', 'S2.B6', 'S2.B7']);
  });

  it('names the bands that have no equivalent', () => {
    // Landsat 7 has no coastal band; nothing stands in for S2.B1.
    const offer = equivalenceOffer(L7, [['S2.B1', 'S2.B2', 'S2.B4']])!;
    expect(offer.noEquivalent).toEqual(['S2.B1 (coastal)']);
    expect(offer.standIns.map((s) => s.id)).toEqual(['S2.B2', 'S2.B4']);
  });
});
