import { describe, expect, it } from 'vitest';
import { trainParamsSchema, type DatasetInfo } from '../../../shared/contract';
import { DEFAULT_SETTINGS } from './training-defaults';
import { defaultRunName, settingsSummary, trainParamsOf, type MemberDraft, type TrainForm } from './train-form';

const info: DatasetInfo = {
  path: '/w/datasets/synthetic-so2sat.h5',
  patches: 800,
  variant: 'full',
  datasets: { sen2: { shape: [800, 32, 32, 10], dtype: 'float32' }, label: { shape: [800, 17], dtype: 'float32' } },
  classCounts: new Array<number>(17).fill(47),
  hasSen1: false,
  synthetic: true,
  labelIssues: { nonOneHotRows: 0, firstNonOneHot: null, badVoteRows: 0, firstBadVotes: null, nonFinite: 0 },
};

const member = (arch: MemberDraft['arch'], inputs: MemberDraft['inputs'] = 'all', seed = '1', width = '1'): MemberDraft => ({ id: 1, arch, inputs, seed, width });

function form(patch: Partial<TrainForm> = {}): TrainForm {
  return { train: info.path, trainInfo: info, trainError: null, test: null, testError: null, members: [member('tiny-cnn')], settings: DEFAULT_SETTINGS, ...patch };
}

describe('trainParamsOf', () => {
  it('starts from the defaults of the core (trainParamsSchema)', () => {
    const { params, problems } = trainParamsOf(form());
    expect(problems).toEqual([]);
    const core = trainParamsSchema.parse({ train: info.path, members: [{ arch: 'tiny-cnn', seed: 1 }] });
    const { name, ...ours } = trainParamsSchema.parse(params);
    expect(ours).toEqual(core);
    expect(name).toBe('tiny-cnn on synthetic-so2sat.h5');
  });

  it('converts what was typed: percent to a share, empty max patches to all, the name trimmed', () => {
    const settings = { ...DEFAULT_SETTINGS, epochs: ' 2 ', validationShare: '20', maxPatches: '600', learningRate: '2e-4', name: '  My run ' };
    const { params } = trainParamsOf(form({ settings, members: [member('tiny-cnn', 'all', '1'), member('densenet', 'rgb', '7', '0.5')], test: '/d/testing.h5' }));
    expect(params).toMatchObject({ epochs: 2, validationShare: 0.2, maxPatches: 600, learningRate: 0.0002, name: 'My run', test: '/d/testing.h5' });
    expect(params?.members).toEqual([
      { arch: 'tiny-cnn', inputs: 'all', seed: 1, width: 1 },
      { arch: 'densenet', inputs: 'rgb', seed: 7, width: 0.5 },
    ]);
  });

  it('says what stops the run, in the order a user fixes things', () => {
    expect(trainParamsOf(form({ train: null, trainInfo: null })).problems[0]).toMatch(/Choose the training data/);
    expect(trainParamsOf(form({ trainInfo: null })).problems).toEqual(['Reading the training file…']);
    expect(trainParamsOf(form({ trainInfo: null, trainError: 'not HDF5' })).problems).toEqual(['The training file cannot be used: not HDF5']);
    expect(trainParamsOf(form({ members: [] })).problems).toEqual(['Add at least one member.']);
    const bad = trainParamsOf(
      form({
        members: [member('tiny-cnn', 'all', '-1'), member('tiny-cnn', 'sen1-sen2', '2', '0')],
        settings: { ...DEFAULT_SETTINGS, epochs: '0', batchSize: '2', learningRate: '0', weightDecay: 'x', validationShare: '60', maxPatches: '1.5' },
      }),
    );
    expect(bad.params).toBeNull();
    expect(bad.problems).toEqual([
      'Member 1: the seed must be a whole number from 0.',
      'Member 2: the width must be more than 0 and at most 4.',
      'Member 2 reads Sentinel-1, but synthetic-so2sat.h5 has no sen1 dataset.',
      'Epochs: a whole number from 1 to 500.',
      'Batch size: a whole number from 4 to 1024.',
      'Learning rate: more than 0 and at most 1 (e.g. 0.001).',
      'Weight decay: from 0 to 1 (e.g. 0.0001).',
      'Validation share: from 1 % to 50 %.',
      'Max patches: a whole number, or empty for all the patches.',
    ]);
  });

  it('lets Sentinel-1 members train on a file with sen1', () => {
    expect(trainParamsOf(form({ members: [member('tiny-cnn', 'sen1-sen2')], trainInfo: { ...info, hasSen1: true } })).problems).toEqual([]);
  });
});

describe('names and summaries', () => {
  it('names a run like the core does', () => {
    expect(defaultRunName([{ arch: 'resnet18' }], '/d/training.h5')).toBe('resnet18 on training.h5');
    expect(defaultRunName([{ arch: 'resnet18' }, { arch: 'densenet' }], 'C:\\d\\training.h5')).toBe('Ensemble of 2 on training.h5');
  });

  it('sums the settings up in one line', () => {
    expect(settingsSummary(DEFAULT_SETTINGS)).toBe('10 epochs · batch 64 · lr 0.001 · cosine');
    expect(settingsSummary({ ...DEFAULT_SETTINGS, maxPatches: '600' })).toBe('10 epochs · batch 64 · lr 0.001 · cosine · ≤ 600 patches');
  });
});

describe('a training file with bad labels', () => {
  it('stops Start with what is wrong, as the job would', () => {
    const bad = { ...info, labelIssues: { ...info.labelIssues, nonOneHotRows: 3, firstNonOneHot: 40 } };
    const { params, problems } = trainParamsOf(form({ trainInfo: bad }));
    expect(params).toBeNull();
    expect(problems).toEqual(['The training file cannot be used: 3 of 800 rows of label are not one-hot (exactly one 1, the rest 0), the first at patch 40.']);
  });
});
