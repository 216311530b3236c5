import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../shared/contract';
import { curvePoints, epochTicks, memberColor, valueDomain } from './curves-data';

const record = (epoch: number, loss: number, valLoss: number): EpochRecord => ({
  epoch,
  loss,
  accuracy: 1 - loss / 4,
  valLoss,
  valAccuracy: 1 - valLoss / 4,
  learningRate: 1e-3,
  seconds: 1,
  samplesPerSecond: 500,
});

describe('curvePoints', () => {
  const members = [
    { spec: { arch: 'tiny-cnn' as const, inputs: 'all' as const, seed: 1, width: 1 }, history: [record(1, 2.8, 2.7), record(2, 2.6, 2.65)] },
    { spec: { arch: 'tiny-cnn' as const, inputs: 'rgb' as const, seed: 2, width: 1 }, history: [record(1, 2.9, 2.85)] },
  ];
  const samples = [
    { member: 1, epoch: 2, x: 1.5, loss: 2.7, accuracy: 0.3, samplesPerSecond: 1 }, // epoch 2 is recorded: dropped
    { member: 2, epoch: 2, x: 1.25, loss: 2.75, accuracy: 0.31, samplesPerSecond: 1 },
    { member: 2, epoch: 2, x: 1.5, loss: 2.7, accuracy: 0.32, samplesPerSecond: 1 },
  ];

  it('gives train and validation per recorded epoch and the running figure of the epoch under way', () => {
    const loss = curvePoints(members, samples, 'loss');
    const of = (series: string, member: string) => loss.filter((p) => p.series === series && p.member.startsWith(member)).map((p) => [p.x, p.value]);
    expect(of('train', '1 ·')).toEqual([[1, 2.8], [2, 2.6]]);
    expect(of('validation', '1 ·')).toEqual([[1, 2.7], [2, 2.65]]);
    expect(of('running', '1 ·')).toEqual([]);
    expect(of('running', '2 ·')).toEqual([[1.25, 2.75], [1.5, 2.7]]);
    expect(loss[0]!.member).toBe('1 · Tiny CNN · all bands · seed 1');
    expect(loss[1]!.label).toContain('epoch 1: validation loss 2.700');
  });

  it('reads accuracies for the accuracy chart', () => {
    const accuracy = curvePoints(members, samples, 'accuracy');
    expect(accuracy.find((p) => p.series === 'validation')?.value).toBeCloseTo(1 - 2.7 / 4);
    expect(accuracy.find((p) => p.series === 'running')?.label).toContain('so far: accuracy 31.0 %');
  });
});

describe('axes', () => {
  it('ticks whole epochs', () => {
    expect(epochTicks(2)).toEqual([0, 1, 2]);
    expect(epochTicks(30)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(epochTicks(0)).toEqual([0, 1]);
  });

  it('spans the values drawn with a margin, within what the metric can be', () => {
    const at = (...values: number[]) => values.map((value) => ({ member: 'a', x: 1, value, series: 'train' as const, label: '' }));
    expect(valueDomain([], 'loss')).toEqual([0, 1]);
    const [lo, hi] = valueDomain(at(2.8, 2.6), 'loss');
    expect(lo).toBeCloseTo(2.6 - 0.056);
    expect(hi).toBeCloseTo(2.8 + 0.056);
    expect(valueDomain(at(0.01, 0.5), 'loss')[0]).toBe(0);
    expect(valueDomain(at(0.2, 0.99), 'accuracy')[1]).toBe(1);
    // A flat curve keeps a margin of 2 % of the scale.
    expect(valueDomain(at(0.5, 0.5), 'accuracy')).toEqual([0.48, 0.52]);
  });

  it('cycles ten member colours', () => {
    expect(memberColor(0)).toBe(memberColor(10));
    expect(memberColor(0)).not.toBe(memberColor(1));
  });
});
