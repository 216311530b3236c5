import { describe, expect, it } from 'vitest';
import { describeBands, formatMetricValue, headlineMetrics, metricWords } from './bundle-format';

describe('describeBands', () => {
  it('names the sensor when all bands share one', () => {
    expect(describeBands(['S2.B2', 'S2.B3', 'S2.B8A'])).toBe('3 bands, Sentinel-2 MSI: B2 B3 B8A');
    expect(describeBands(['S2.B2', 'L8.B5'])).toBe('2 bands: B2 B5');
    expect(describeBands(['L7.B4'])).toBe('1 band, Landsat 7 ETM+: B4');
  });
});

describe('metrics', () => {
  it('splits names into words, keeping acronyms', () => {
    expect(metricWords('syntheticValidationMacroF1')).toEqual(['synthetic', 'validation', 'macro', 'F1']);
    expect(metricWords('testOA')).toEqual(['test', 'OA']);
    expect(metricWords('val_kappa')).toEqual(['val', 'kappa']);
  });

  it('shows shares as percent and kappa as a decimal', () => {
    expect(formatMetricValue('oa', 0.7123)).toBe('71.2 %');
    expect(formatMetricValue('kappa', 0.66123)).toBe('0.661');
    expect(formatMetricValue('patchesPerSecond', 1830)).toBe('1830');
  });

  it('puts accuracy first, keeps a few and says their shared words once', () => {
    expect(headlineMetrics({ syntheticValidationMacroF1: 0.7746, syntheticValidationKappa: 0.8584, syntheticValidationOA: 0.8917 })).toEqual({
      context: 'synthetic validation',
      items: ['OA 89.2 %', 'kappa 0.858', 'macro F1 77.5 %'],
    });
    expect(headlineMetrics({ zeta: 0.1, kappa: 0.5, oa: 0.7, macroF1: 0.6 })).toEqual({ context: null, items: ['oa 70.0 %', 'kappa 0.5', 'macro F1 60.0 %'] });
    expect(headlineMetrics({ testOA: 0.5 })).toEqual({ context: null, items: ['test OA 50.0 %'] });
    expect(headlineMetrics({})).toEqual({ context: null, items: [] });
  });
});
