import { describe, expect, it } from 'vitest';
import { modelComparisonSchema, type ComparedModel, type ModelComparison } from '../../../shared/contract/model-comparison';
import { classF1Rows, formatBytes, formatMcNemar, plotPoints, reportNotes, reportRows, shortCount } from './report-format';

const calibration = (ece: number) => ({ ece, mce: ece * 2, nll: 1, bins: [] });
const perClass = (f1: number) =>
  Array.from({ length: 17 }, (_, k) => (k === 0 || k === 16 ? { precision: f1, recall: f1, f1, support: 50 } : k === 3 ? { precision: null, recall: 0, f1: null, support: 4 } : { precision: null, recall: null, f1: null, support: 0 }));
const confusion = Array.from({ length: 17 }, () => Array.from({ length: 17 }, () => 0));

function model(name: string, kind: ComparedModel['kind'], oa: number, extra: Partial<ComparedModel> = {}): ComparedModel {
  return {
    bundle: `/b/${name}`, name, kind, parent: null,
    scores: { n: 104, oa, kappa: oa - 0.1, oaUrban: oa - 0.05, oaBuiltNatural: 0.95, oaWeighted: oa + 0.05, macroF1: oa - 0.2, perClass: perClass(oa), confusion, temperature: 1.3, calibrationBefore: calibration(0.081), calibrationAfter: calibration(0.024) },
    agreement: 1, mcnemar: null,
    cost: { parameters: 26_033, macs: 1_450_000, weightBytes: 104_132, bytes: 112_456, uncounted: [] },
    patchesPerSecond: 15_321.4, rounds: [15_000, 15_321.4], probabilities: `${name}.npy`,
    ...extra,
  };
}

const report: ModelComparison = modelComparisonSchema.parse({
  data: '/ws/datasets/synthetic-so2sat.h5', patches: 104, fitOn: null,
  machine: { cpu: 'Intel Xeon', cores: 2, threads: 2, onnxruntime: '1.20.1' },
  throughput: { batchSize: 256, batchesPerRound: 4, rounds: 5 },
  models: [
    model('member-1', 'model', 0.81),
    model('member-2', 'model', 0.78, { agreement: 0.9, mcnemar: { b: 12, c: 3, method: 'chi-square', statistic: 4.3, pValue: 0.038 } }),
    model('student', 'student', 0.74, { agreement: 0.85, mcnemar: { b: 20, c: 2, method: 'exact-binomial', statistic: 0, pValue: 0.0001 } }),
    model('student int8', 'int8', 0.735, { parent: 'student', agreement: 0.84, cost: { parameters: 26_033, macs: 1_450_000, weightBytes: 26_033, bytes: 41_200, uncounted: [] }, patchesPerSecond: 30_100 }),
  ],
  labels: 'labels.npy',
  plot: {
    accuracyVsThroughput: [{ name: 'member-1', x: 15_321.4, y: 0.81 }, { name: 'student int8', x: 30_100, y: 0.735 }],
    accuracyVsSize: [{ name: 'member-1', x: 112_456, y: 0.81 }, { name: 'student int8', x: 41_200, y: 0.735 }],
  },
});

describe('reportRows', () => {
  it('gives each model its role and its figures as the table shows them', () => {
    const rows = reportRows(report, 2);
    expect(rows.map((r) => r.role)).toEqual(['teacher', 'teacher', 'student', 'int8']);
    expect(rows[0]).toEqual({
      name: 'member-1', bundle: '/b/member-1', role: 'teacher', oa: '81.0 %', kappa: '0.710', oaUrban: '76.0 %', oaBuiltNatural: '95.0 %', oaWeighted: '86.0 %', macroF1: '61.0 %',
      ece: '8.1 % → 2.4 %', agreement: 'reference', mcnemar: '—', params: '26.0 k', macs: '1.4 M', bytes: '112.5 kB', throughput: '15,321 /s',
    });
    expect(rows[2]).toMatchObject({ agreement: '85.0 %', mcnemar: 'p < 0.001 (20 vs 2)' });
    expect(rows[3]).toMatchObject({ bytes: '41.2 kB', throughput: '30,100 /s' });
  });

  it('formats counts, sizes and McNemar readably', () => {
    expect([shortCount(512), shortCount(26_033), shortCount(11_191_185), shortCount(2.5e9)]).toEqual(['512', '26.0 k', '11.2 M', '2.5 G']);
    expect([formatBytes(900), formatBytes(41_200), formatBytes(44_600_000)]).toEqual(['900 B', '41.2 kB', '44.6 MB']);
    expect(formatMcNemar({ b: 12, c: 3, method: 'chi-square', statistic: 4.3, pValue: 0.038 })).toBe('p = 0.038 (12 vs 3)');
  });
});

describe('classF1Rows', () => {
  it('lists the classes present in the test data, with each model’s F1 (— where it is undefined)', () => {
    const rows = classF1Rows(report);
    expect(rows.map((r) => r.code)).toEqual(['1', '4', 'G']);
    expect(rows[0]!.f1).toEqual(['0.81', '0.78', '0.74', '0.73']);
    expect(rows[1]!.f1).toEqual(['—', '—', '—', '—']);
    expect(rows[2]).toMatchObject({ value: 17, name: 'Water', color: '#6a6aff' });
  });
});

describe('plots and notes', () => {
  it('gives each plot point its model’s role', () => {
    expect(plotPoints(report, 2).throughput).toEqual([
      { name: 'member-1', role: 'teacher', x: 15_321.4, y: 0.81 },
      { name: 'student int8', role: 'int8', x: 30_100, y: 0.735 },
    ]);
    expect(plotPoints(report, 2).size.map((p) => p.x)).toEqual([112_456, 41_200]);
  });

  it('says the student is synthetic when the data is, that training data flatters, and what the reference and machine are', () => {
    const notes = reportNotes(report, { synthetic: true, trainedOn: '/ws/datasets/synthetic-so2sat.h5', teacherCount: 2 });
    expect(notes[0]).toMatch(/^Synthetic: the teacher was trained, the student distilled and every model scored on synthetic So2Sat data .* nothing about accuracy on real cities\.$/);
    expect(notes[1]).toMatch(/^Scored on the training file itself \(\/ws\/datasets\/synthetic-so2sat\.h5\): .* optimistic/);
    expect(notes[2]).toBe('Agreement and McNemar\'s test are against "member-1", the teacher\'s first member (not the fused ensemble).');
    expect(notes[3]).toBe('Throughput in ONNX Runtime 1.20.1, 2 threads on Intel Xeon: median of 5 rounds of 4 batches of 256, the models taking turns, measured in this job.');
    const real = reportNotes(report, { synthetic: false, trainedOn: '/data/training.h5', teacherCount: 1 });
    expect(real).toHaveLength(2);
    expect(real[0]).toBe('Agreement and McNemar\'s test are against "member-1", the teacher.');
  });
});
