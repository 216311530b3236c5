import { describe, expect, it } from 'vitest';
import { classCountRows, datasetLines, variantLabel } from './dataset-data';

describe('dataset facts', () => {
  it('gives the 17 classes with counts, shares and LCZ colours', () => {
    const counts = new Array<number>(17).fill(0);
    counts[0] = 30;
    counts[16] = 10;
    const rows = classCountRows(counts);
    expect(rows).toHaveLength(17);
    expect(rows[0]).toMatchObject({ code: '1', color: '#8c0000', count: 30, share: 0.75 });
    expect(rows[16]).toMatchObject({ code: 'G', name: 'Water', count: 10, share: 0.25 });
    expect(rows[16]!.label).toBe('LCZ G Water: 10 patches (25.0 %)');
    expect(classCountRows(new Array<number>(17).fill(0))[3]!.share).toBe(0);
  });

  it('lists the datasets sen2 first, with shape and type', () => {
    const lines = datasetLines({
      datasets: { label: { shape: [800, 17], dtype: 'float32' }, sen2: { shape: [800, 32, 32, 10], dtype: 'float64' }, extra: { shape: [1], dtype: 'int8' } },
    });
    expect(lines).toEqual([
      { name: 'sen2', text: '800 × 32 × 32 × 10 float64' },
      { name: 'label', text: '800 × 17 float32' },
      { name: 'extra', text: '1 int8' },
    ]);
    expect(variantLabel('label-distribution')).toMatch(/label-distribution/);
  });
});
