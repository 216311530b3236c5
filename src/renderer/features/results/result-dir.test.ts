import { describe, expect, it } from 'vitest';
import { resultDirOf } from './result-dir';

describe('resultDirOf', () => {
  it('takes the folder of summary.json among the outputs', () => {
    expect(resultDirOf(['/w/results/a/lcz.tif', '/w/results/a/summary.json'])).toBe('/w/results/a');
    expect(resultDirOf(['/w/results/a/extra/report.md', '/w/results/a/summary.json'])).toBe('/w/results/a');
    expect(resultDirOf(['C:\\w\\results\\b\\lcz.tif', 'C:\\w\\results\\b\\summary.json'])).toBe('C:\\w\\results\\b');
  });

  it('falls back to the first file, and gives null without one', () => {
    expect(resultDirOf(['/w/results/c/lcz.tif'])).toBe('/w/results/c');
    expect(resultDirOf([])).toBeNull();
  });
});
