import { describe, expect, it } from 'vitest';
import { calibrationLine, compactCount, reliabilityBars } from './reliability-data';

describe('reliabilityBars', () => {
  it('gives each bin its accuracy, the gap to its confidence and a tooltip', () => {
    const bars = reliabilityBars({
      bins: [
        { lower: 0, upper: 0.5, count: 0, confidence: 0, accuracy: 0 },
        { lower: 0.5, upper: 0.75, count: 1200, confidence: 0.6, accuracy: 0.45 },
        { lower: 0.75, upper: 1, count: 30, confidence: 0.8, accuracy: 0.9 },
      ],
    });
    expect(bars.map((b) => [b.gapFrom, b.gapTo])).toEqual([[0, 0], [0.45, 0.6], [0.8, 0.9]]);
    expect(bars[0]!.label).toBe('confidence 0.00-0.50: no patches');
    expect(bars[1]!.label).toBe('confidence 0.50-0.75: 1,200 patches, accuracy 45.0 %, mean confidence 60.0 %');
  });

  it('writes counts short and the calibration line', () => {
    expect([compactCount(999), compactCount(1234), compactCount(45_600), compactCount(2_500_000)]).toEqual(['999', '1.2k', '46k', '2.5M']);
    expect(calibrationLine({ ece: 0.1236, mce: 0.3 })).toBe('ECE 12.4 % · MCE 30.0 %');
  });
});
