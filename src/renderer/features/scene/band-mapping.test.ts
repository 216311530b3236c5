import { describe, expect, it } from 'vitest';
import type { SceneSettings } from '../../../shared/contract';
import { bandOptions, draftOf, mappedSummary, sameSettings, settingsOfDraft, usualOrder, withBand, withSensor } from './band-mapping';

const s2: SceneSettings = { sensor: 'sentinel-2', bands: ['S2.B2', 'S2.B3', 'S2.B4', null], scale: 0.0001, offset: 0 };

describe('bandOptions', () => {
  it('offers the bands of the sensor, or of every sensor when it is unknown', () => {
    const one = bandOptions('landsat-7');
    expect(one).toHaveLength(1);
    expect(one[0]!.options.map((o) => o.id)).toEqual(['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4', 'L7.B5', 'L7.B7']);
    expect(bandOptions(null).map((g) => g.sensor)).toEqual(['sentinel-2', 'landsat-7', 'landsat-8']);
    expect(one[0]!.options[2]!.label).toBe('B3 · red 660 nm');
  });
});

describe('drafts', () => {
  it('round-trips settings through a draft', () => {
    expect(settingsOfDraft(draftOf(s2))).toEqual({ settings: s2, problems: [] });
  });

  it('keeps bands of a new sensor and reads the others again from the descriptions', () => {
    const landsat = withSensor(draftOf(s2), ['B1', 'B2', 'B3', 'B4'], 'landsat-7');
    expect(landsat.sensor).toBe('landsat-7');
    expect(landsat.bands).toEqual(['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4']);
    expect(withSensor(draftOf(s2), ['', '', '', ''], 'landsat-8').bands).toEqual([null, null, null, null]);
    expect(withSensor(draftOf(s2), [], null).bands).toEqual(s2.bands);
  });

  it('finds a band given twice', () => {
    const twice = withBand(draftOf(s2), 3, 'S2.B2');
    expect(twice.bands).toEqual(['S2.B2', 'S2.B3', 'S2.B4', 'S2.B2']);
    expect(settingsOfDraft(twice).problems).toEqual(['S2.B2 is given to more than one file band.']);
  });

  it('refuses an empty mapping, a scale that is not positive and an offset that is not a number', () => {
    const { problems } = settingsOfDraft({ sensor: null, bands: [null, null], scale: '0', offset: '' });
    expect(problems).toHaveLength(3);
  });

  it('compares settings by value and counts mapped bands', () => {
    expect(sameSettings(s2, { ...s2, bands: [...s2.bands] })).toBe(true);
    expect(sameSettings(s2, { ...s2, bands: ['S2.B2', 'S2.B3', 'S2.B4', 'S2.B8'] })).toBe(false);
    expect(sameSettings(s2, { ...s2, scale: 1 })).toBe(false);
    expect(mappedSummary(s2.bands)).toBe('3 of 4 file bands mapped');
  });
});

describe('usualOrder', () => {
  it('knows the usual band stacks of each sensor', () => {
    expect(usualOrder('landsat-7', 6)).toEqual(['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4', 'L7.B5', 'L7.B7']);
    expect(usualOrder('landsat-8', 7)).toHaveLength(7);
    expect(usualOrder('sentinel-2', 10)).toEqual(['S2.B2', 'S2.B3', 'S2.B4', 'S2.B5', 'S2.B6', 'S2.B7', 'S2.B8', 'S2.B8A', 'S2.B11', 'S2.B12']);
    expect(usualOrder('sentinel-2', 13)?.[12]).toBe('S2.B12');
    expect(usualOrder('landsat-7', 4)).toBeNull();
  });
});
