import { describe, expect, it } from 'vitest';
import { distillParamsSchema } from '../../../shared/contract/distill';
import type { DatasetInfo } from '../../../shared/contract/training';
import { DEFAULT_DISTILL_SETTINGS, DEFAULT_STUDENT, distillParamsOf, type DistillForm } from './distill-form';

const info = { path: '/data/train.h5', patches: 800 } as DatasetInfo;
const form = (over: Partial<DistillForm> = {}): DistillForm => ({
  teacher: ['/ws/runs/teacher'],
  train: '/data/train.h5',
  trainInfo: info,
  trainError: null,
  test: null,
  testError: null,
  student: DEFAULT_STUDENT,
  settings: DEFAULT_DISTILL_SETTINGS,
  ...over,
});

describe('distillParamsOf', () => {
  it('makes the params of a preset student with the published T and alpha, which the core accepts', () => {
    const { params, problems } = distillParamsOf(form());
    expect(problems).toEqual([]);
    expect(params).toEqual({ teacher: ['/ws/runs/teacher'], preset: 'tiny', train: '/data/train.h5', test: null, temperature: 3, alpha: 0.7, fusion: 'logits', maxPatches: null });
    expect(distillParamsSchema.safeParse(params).success).toBe(true);
  });

  it('sends a preset student with another seed as the preset architecture, and the settings typed', () => {
    const { params } = distillParamsOf(
      form({ student: { kind: 'preset', preset: 'mobilenet-compact', seed: '7' }, settings: { temperature: '4', alpha: '0', fusion: 'probabilities', epochs: '2', learningRate: '0.003', maxPatches: '600' } }),
    );
    expect(params).toMatchObject({ preset: 'mobilenet-compact', student: { arch: 'mobilenet', inputs: 'all', width: 0.5, seed: 7 }, temperature: 4, alpha: 0, fusion: 'probabilities', epochs: 2, learningRate: 0.003, maxPatches: 600 });
    expect(distillParamsSchema.safeParse(params).success).toBe(true);
  });

  it('sends a zoo architecture with its inputs, width and seed and no preset', () => {
    const { params } = distillParamsOf(form({ student: { kind: 'custom', arch: 'tiny-separable', inputs: 'rgb', width: '1.5', seed: '3' }, test: '/data/test.h5' }));
    expect(params).toMatchObject({ preset: null, student: { arch: 'tiny-separable', inputs: 'rgb', width: 1.5, seed: 3 }, test: '/data/test.h5' });
    expect(distillParamsSchema.safeParse(params).success).toBe(true);
  });

  it('says what stops it, in the order a user fixes things', () => {
    const { params, problems } = distillParamsOf(
      form({ teacher: [], train: null, student: { kind: 'custom', arch: 'resnet18', inputs: 'sen1-sen2', width: '0', seed: 'x' }, settings: { ...DEFAULT_DISTILL_SETTINGS, temperature: '0', alpha: '1.5', epochs: '0', maxPatches: 'many' } }),
    );
    expect(params).toBeNull();
    expect(problems).toEqual([
      'Choose the teacher: a training run (its ensemble) or one or more bundles.',
      'Choose the training data (a So2Sat LCZ42 file), or use the synthetic So2Sat data.',
      'Student: the seed must be a whole number from 0.',
      'Student: the width must be more than 0 and at most 4.',
      'Student: a student reading SAR cannot become a mapping model; choose all bands, RGB or 3 random bands.',
      'T: a temperature above 0, at most 100 (the published setting is 3).',
      'alpha: the weight of the labels, from 0 (soft targets only) to 1 (no teacher).',
      'Epochs: a whole number from 1 to 500, or empty for the preset’s.',
      'At most … patches: a whole number from 1, or empty for all.',
    ]);
  });

  it('waits for the training file to be read, and names a file that cannot be used', () => {
    expect(distillParamsOf(form({ trainInfo: null })).problems).toEqual(['Reading the training file…']);
    expect(distillParamsOf(form({ trainInfo: null, trainError: 'has no sen2 dataset' })).problems).toEqual(['The training file cannot be used: has no sen2 dataset']);
  });
});
