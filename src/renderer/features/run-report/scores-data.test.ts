import { describe, expect, it } from 'vitest';
import type { CalibrationResult, Evaluation, ModelScores } from '../../../shared/contract';
import { classScoreRows, headlines, modelEntries, percent } from './scores-data';

const calibration: CalibrationResult = { ece: 0.1, mce: 0.3, nll: 2, bins: [] };

function scores(oa: number): ModelScores {
  const confusion = Array.from({ length: 17 }, () => new Array<number>(17).fill(0));
  confusion[0]![0] = 3;
  confusion[0]![16] = 1;
  confusion[16]![16] = 4;
  confusion[1]![4] = 2; // class 2 mislabelled as 5: 5 is predicted but has no support
  const perClass: ModelScores['perClass'] = Array.from({ length: 17 }, () => ({ precision: null, recall: null, f1: null, support: 0 }));
  perClass[0] = { precision: 1, recall: 0.75, f1: 0.857, support: 4 };
  perClass[1] = { precision: null, recall: 0, f1: 0, support: 2 };
  perClass[4] = { precision: 0, recall: null, f1: null, support: 0 };
  perClass[16] = { precision: 0.8, recall: 1, f1: 0.889, support: 4 };
  return {
    n: 10,
    oa,
    kappa: 0.61234,
    oaUrban: null,
    oaBuiltNatural: 0.9,
    oaWeighted: 0.8,
    macroF1: null,
    perClass,
    confusion,
    temperature: 1.4,
    calibrationBefore: calibration,
    calibrationAfter: calibration,
  };
}

describe('modelEntries', () => {
  const evaluation: Evaluation = {
    data: 'held-out half of the validation split of /w/s.h5',
    members: [
      { name: '1: tiny-cnn (all, seed 1)', scores: scores(0.5) },
      { name: '2: tiny-cnn (rgb, seed 2)', scores: scores(0.4) },
    ],
    ensemble: { fusion: 'sum-rule', scores: scores(0.6) },
  };

  it('puts the ensemble first, then the members', () => {
    expect(modelEntries(evaluation).map((e) => [e.key, e.name, e.scores.oa])).toEqual([
      ['ensemble', 'Ensemble (sum rule)', 0.6],
      ['member-1', 'Member 1: tiny-cnn (all, seed 1)', 0.5],
      ['member-2', 'Member 2: tiny-cnn (rgb, seed 2)', 0.4],
    ]);
    expect(modelEntries({ ...evaluation, ensemble: null, members: evaluation.members.slice(0, 1) }).map((e) => e.key)).toEqual(['member-1']);
  });
});

describe('headlines and classes', () => {
  it('shows OA, kappa, the WUDAPT measures and mean F1, with dashes where undefined', () => {
    expect(headlines(scores(0.7123)).map((h) => `${h.label}: ${h.value}`)).toEqual([
      'Overall accuracy: 71.2 %',
      'Kappa: 0.612',
      'OA urban: —',
      'OA built/natural: 90.0 %',
      'OA weighted: 80.0 %',
      'Mean F1: 0.582',
    ]);
    expect(percent(null)).toBe('—');
  });

  it('lists the classes present in labels or predictions', () => {
    const rows = classScoreRows(scores(0.5));
    expect(rows.map((r) => [r.code, r.support, r.predicted])).toEqual([
      ['1', 4, 3],
      ['2', 2, 0],
      ['5', 0, 2],
      ['G', 4, 5],
    ]);
    expect(rows[0]).toMatchObject({ name: 'Compact high-rise', color: '#8c0000', precision: 1, recall: 0.75 });
  });
});
