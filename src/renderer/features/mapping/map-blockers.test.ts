import { describe, expect, it } from 'vitest';
import { mapBlockers } from './map-blockers';

const ready = { hasScene: true, selectedModels: 1, bandsUnsaved: false, resolutionValid: true, problems: [] };

describe('mapBlockers', () => {
  it('lets a complete setup map', () => {
    expect(mapBlockers(ready)).toEqual([]);
  });

  it('names everything missing, with the core problems last', () => {
    expect(mapBlockers({ ...ready, hasScene: false, selectedModels: 0, resolutionValid: false, problems: ['"m" needs band S2.B12'] })).toEqual([
      'Open a scene first.',
      'Choose at least one model.',
      'Give an output resolution from 1 m to 10,000 m.',
      '"m" needs band S2.B12',
    ]);
    expect(mapBlockers({ ...ready, bandsUnsaved: true })).toEqual(['Save (or revert) the band mapping first.']);
  });

  it('waits, without blocking by itself, while the core checks', () => {
    expect(mapBlockers({ ...ready, problems: null })).toEqual([]);
  });
});
