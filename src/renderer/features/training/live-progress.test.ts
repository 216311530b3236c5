import { describe, expect, it } from 'vitest';
import { appendSample, liveSampleOf, type LiveSample } from './live-progress';

describe('liveSampleOf', () => {
  // 2 members x 3 epochs x 10 batches = 60 batches in all.
  const shape = { members: 2, epochs: 3 };
  const progress = (done: number, member: number, epoch: number) => ({
    stage: 'Training',
    done,
    total: 60,
    metrics: { member, epoch, loss: 2.5, accuracy: 0.25, samplesPerSecond: 400 },
  });

  it('places a batch inside its epoch', () => {
    expect(liveSampleOf(progress(4, 1, 1), shape)).toEqual({ member: 1, epoch: 1, x: 0.4, loss: 2.5, accuracy: 0.25, samplesPerSecond: 400 });
    // Member 2, epoch 2, batch 5: done = (1 * 3 + 1) * 10 + 5.
    expect(liveSampleOf(progress(45, 2, 2), shape)?.x).toBeCloseTo(1.5);
    expect(liveSampleOf(progress(60, 2, 3), shape)?.x).toBeCloseTo(3);
  });

  it('ignores progress without batch metrics (statistics, evaluation)', () => {
    expect(liveSampleOf({ stage: 'Evaluating members and ensemble', done: 60, total: 60 }, shape)).toBeNull();
    expect(liveSampleOf(null, shape)).toBeNull();
    expect(liveSampleOf({ stage: 'x', done: 1, total: 2, metrics: { member: 1 } }, shape)).toBeNull();
  });
});

describe('appendSample', () => {
  const s = (x: number, loss = 1): LiveSample => ({ member: 1, epoch: 1, x, loss, accuracy: 0.5, samplesPerSecond: 1 });

  it('drops repeats and keeps the newest', () => {
    const one = appendSample([], s(0.1));
    expect(appendSample(one, s(0.1))).toBe(one);
    expect(appendSample(one, s(0.2))).toHaveLength(2);
    expect(appendSample([s(0.1), s(0.2), s(0.3)], s(0.4), 3).map((p) => p.x)).toEqual([0.2, 0.3, 0.4]);
  });
});
