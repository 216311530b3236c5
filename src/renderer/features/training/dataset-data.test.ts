import { describe, expect, it } from 'vitest';
import { classCountRows, datasetLines, labelIssueLines, variantLabel } from './dataset-data';

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

  it('says what is wrong with the labels, and nothing for a good file', () => {
    const clean = { nonOneHotRows: 0, firstNonOneHot: null, badVoteRows: 0, firstBadVotes: null, nonFinite: 0 };
    const datasets = { sen2: { shape: [1200, 32, 32, 10], dtype: 'float64' }, label: { shape: [1200, 17], dtype: 'float64' } };
    expect(labelIssueLines({ patches: 1200, datasets, labelIssues: clean })).toEqual([]);
    expect(labelIssueLines({ patches: 1200, datasets, labelIssues: { ...clean, nonOneHotRows: 1004, firstNonOneHot: 17, nonFinite: 3 } })).toEqual([
      '1,004 of 1,200 rows of label are not one-hot (exactly one 1, the rest 0), the first at patch 17',
      '3 label values are NaN or infinite',
    ]);
    const subset = { sen2: datasets.sen2, y: datasets.label, y_distributional_urban: { shape: [1200, 10], dtype: 'float64' } };
    expect(labelIssueLines({ patches: 1200, datasets: subset, labelIssues: { ...clean, nonOneHotRows: 2, firstNonOneHot: 0, badVoteRows: 5, firstBadVotes: 9 } })).toEqual([
      '2 of 1,200 rows of y are not one-hot (exactly one 1, the rest 0), the first at patch 0',
      '5 rows of y_distributional_urban hold no usable votes, the first at patch 9',
    ]);
  });
});
