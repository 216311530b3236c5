import { describe, expect, it } from 'vitest';
import { honestyFlags } from './honesty-flags';

const honest = { synthetic: false, modelTrainedOn: 'real', bandEquivalence: null, mostlyUnsure: false, poorRecordedAccuracy: false } as const;

describe('the honesty flags of a result', () => {
  it('are none for a real model on a real scene, and none for the synthetic demo mapped by its synthetic model', () => {
    expect(honestyFlags(honest)).toEqual([]);
    expect(honestyFlags({ ...honest, synthetic: true, modelTrainedOn: 'synthetic' })).toEqual([]);
  });

  it('say each thing a planner must know, in the order of the warnings', () => {
    const flags = honestyFlags({
      synthetic: false,
      modelTrainedOn: 'synthetic',
      bandEquivalence: { sceneSensor: 'landsat-7', bands: [{ id: 'S2.B4', from: ['L7.B3'], weights: [1], kind: 'equivalent' }] },
      mostlyUnsure: true,
      poorRecordedAccuracy: true,
    });
    expect(flags.map((f) => f.label)).toEqual(['Model trained on synthetic data', 'Bands by equivalence (Landsat 7 ETM+)', 'Mostly unsure', 'Poor recorded accuracy']);
  });
});
