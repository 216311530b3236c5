// Students and their presets: each preset's stated parameter count is the one its model has when built; a distill
// job resolves into a training run with the preset's settings, the job's own where it names them, and the defaults.
import { beforeAll, describe, expect, it } from 'vitest';
import { initTrainingBackend } from '../../../src/main/train/backend/init-backend';
import { distillTrainParams, studentParameters, studentSpec } from '../../../src/main/train/distill/students';
import { distillParamsSchema, STUDENT_PRESETS, studentPreset, type DistillParamsInput } from '../../../src/shared/contract/distill';

const job = (extra: Partial<DistillParamsInput>) => distillParamsSchema.parse({ teacher: ['/runs/teacher'], train: '/data/train.h5', runDir: '/runs/student', ...extra });

beforeAll(async () => {
  await initTrainingBackend({ threads: 1, prefer: 'wasm' });
});

describe('student presets', () => {
  it('state the parameter count their models have (computed by building them)', () => {
    for (const preset of STUDENT_PRESETS) expect(studentParameters({ ...preset.student, seed: 1 }), preset.id).toBe(preset.parameters);
  });

  it('name what they are: the published ResNet-18 setting, a compact MobileNet at half width, a tiny student of tens of thousands of parameters', () => {
    expect(studentPreset('resnet18-published')).toMatchObject({ name: 'ResNet-18 student (published setting)', student: { arch: 'resnet18', width: 1 }, training: { learningRate: 2e-4, weightDecay: 1e-4, schedule: 'cosine', epochs: 30 }, temperature: 3, alpha: 0.7 });
    expect(studentPreset('mobilenet-compact')).toMatchObject({ student: { arch: 'mobilenet', width: 0.5 } });
    const tiny = studentPreset('tiny');
    expect(tiny.parameters).toBeGreaterThanOrEqual(10_000);
    expect(tiny.parameters).toBeLessThan(100_000);
  });
});

describe('a distill job as a training run', () => {
  it('takes the preset\'s student and settings, the job\'s where it names them, and T = 3, alpha = 0.7 by default', () => {
    const fromPreset = distillTrainParams(job({ preset: 'resnet18-published' }), ['/b/1', '/b/2']);
    expect(fromPreset.members).toEqual([{ arch: 'resnet18', inputs: 'all', seed: 1, width: 1 }]);
    expect(fromPreset).toMatchObject({ epochs: 30, learningRate: 2e-4, weightDecay: 1e-4, schedule: 'cosine', batchSize: 64 });
    expect(fromPreset.distillation).toEqual({ teacher: ['/b/1', '/b/2'], temperature: 3, alpha: 0.7, fusion: 'logits', preset: 'resnet18-published' });
    const overridden = distillTrainParams(job({ preset: 'tiny', epochs: 2, temperature: 4, alpha: 0, fusion: 'probabilities' }), ['/b/1']);
    expect(overridden).toMatchObject({ epochs: 2, learningRate: 3e-3 });
    expect(overridden.distillation).toMatchObject({ temperature: 4, alpha: 0, fusion: 'probabilities', preset: 'tiny' });
    const plain = distillTrainParams(job({ student: { arch: 'mobilenet', inputs: 'rgb', seed: 4, width: 0.25 } }), ['/b/1']);
    expect(plain).toMatchObject({ epochs: 10, learningRate: 1e-3, members: [{ arch: 'mobilenet', inputs: 'rgb', seed: 4, width: 0.25 }] });
    expect(plain.distillation).toMatchObject({ temperature: 3, alpha: 0.7, preset: null });
    expect(studentSpec({ preset: 'mobilenet-compact' })).toEqual({ arch: 'mobilenet', inputs: 'all', seed: 1, width: 0.5 });
  });

  it('refuses a job without a student, a student that contradicts its preset, and a SAR student', () => {
    expect(() => job({})).toThrow(/give a student \(an architecture of the zoo\) or a preset/);
    expect(() => job({ preset: 'tiny', student: { arch: 'mobilenet', seed: 1 } })).toThrow(/is tiny-cnn:all at width 2; leave the student out/);
    expect(job({ preset: 'tiny', student: { arch: 'tiny-cnn', seed: 7, width: 2 } }).student?.seed).toBe(7);
    expect(() => distillTrainParams(job({ student: { arch: 'tiny-cnn', inputs: 'sen1-sen2', seed: 1 } }), ['/b/1'])).toThrow(/a student reading SAR \(inputs sen1-sen2\) cannot become a mapping bundle/);
    expect(() => job({ student: { arch: 'tiny-cnn', seed: 1 }, alpha: 1.5 })).toThrow();
    expect(() => job({ student: { arch: 'tiny-cnn', seed: 1 }, temperature: 0 })).toThrow();
  });
});
