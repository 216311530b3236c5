import { describe, expect, it } from 'vitest';
import { aoiDraftFromText, aoiDraftOf, aoiOfDraft } from './aoi-draft';

describe('the area of interest as typed', () => {
  it('reads four sides in degrees, and a pasted "w, s, e, n"', () => {
    expect(aoiOfDraft({ west: '-34.9', south: '-8.02', east: '-34.85', north: '-7.98' })).toEqual({ box: { west: -34.9, south: -8.02, east: -34.85, north: -7.98 }, problems: [] });
    expect(aoiDraftFromText('2.10, 41.35, 2.23, 41.45')).toEqual({ west: '2.10', south: '41.35', east: '2.23', north: '41.45' });
    expect(aoiDraftFromText('2.10 41.35')).toBeNull();
    expect(aoiDraftOf({ west: 1, south: 2, east: 3, north: 4 })).toEqual({ west: '1', south: '2', east: '3', north: '4' });
  });

  it('says what is wrong with it', () => {
    expect(aoiOfDraft({ west: '', south: '1', east: 'x', north: '2' }).problems).toEqual(['Give west, east in degrees.']);
    expect(aoiOfDraft({ west: '3', south: '2', east: '1', north: '1' }).problems).toEqual(['West must be less than east.', 'South must be less than north.']);
    expect(aoiOfDraft({ west: '-190', south: '0', east: '1', north: '1' }).problems).toEqual(['Longitudes are from -180 to 180, latitudes from -90 to 90.']);
  });
});
