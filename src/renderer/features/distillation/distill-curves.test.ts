import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../shared/contract/training';
import { distillCurves } from './distill-curves';

const epoch = (n: number, d: EpochRecord['distillation']): EpochRecord => ({
  epoch: n, loss: 1, accuracy: 0.5 + n / 10, valLoss: 1.1, valAccuracy: 0.45 + n / 10, learningRate: 1e-3, seconds: 2, samplesPerSecond: 300, distillation: d,
});

describe('distillCurves', () => {
  it('draws the hard and soft parts of the loss and the agreement with the teacher, train solid and validation dashed', () => {
    const { loss, accuracy } = distillCurves([
      epoch(1, { hardLoss: 2.1, softLoss: 0.9, valHardLoss: 2.2, valSoftLoss: 0.95, valAgreement: 0.6 }),
      epoch(2, { hardLoss: 1.7, softLoss: 0.6, valHardLoss: 1.9, valSoftLoss: 0.7, valAgreement: 0.72 }),
    ]);
    expect(loss.map((p) => [p.member, p.series, p.x, p.value])).toEqual([
      ['hard: CE with the labels', 'train', 1, 2.1],
      ['hard: CE with the labels', 'validation', 1, 2.2],
      ['soft: T² KL to the teacher', 'train', 1, 0.9],
      ['soft: T² KL to the teacher', 'validation', 1, 0.95],
      ['hard: CE with the labels', 'train', 2, 1.7],
      ['hard: CE with the labels', 'validation', 2, 1.9],
      ['soft: T² KL to the teacher', 'train', 2, 0.6],
      ['soft: T² KL to the teacher', 'validation', 2, 0.7],
    ]);
    expect(accuracy.filter((p) => p.member === 'agreement with the teacher').map((p) => [p.series, p.x, p.value])).toEqual([
      ['validation', 1, 0.6],
      ['validation', 2, 0.72],
    ]);
    expect(accuracy.filter((p) => p.member === 'accuracy')).toHaveLength(4);
    expect(accuracy.at(-1)!.label).toBe('agreement with the teacher\nepoch 2: validation 72.0 %');
  });

  it('has no loss parts for epochs trained without a teacher', () => {
    expect(distillCurves([epoch(1, undefined)]).loss).toEqual([]);
  });
});
