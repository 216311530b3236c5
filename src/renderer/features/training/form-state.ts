import type { TrainingSession } from '../../../shared/contract';
import { trainParamsOf, type TrainForm } from './train-form';
import type { TrainingState } from './training-store';

/** The store's form as trainParamsOf reads it. */
export function formOf(s: TrainingState): TrainForm {
  return {
    train: s.train?.path ?? null,
    trainInfo: s.train?.info ?? null,
    trainError: s.train?.error ?? null,
    test: s.test?.path ?? null,
    testError: s.test?.error ?? null,
    members: s.members,
    settings: s.settings,
  };
}

export function paramsOfState(s: TrainingState): ReturnType<typeof trainParamsOf> {
  return trainParamsOf(formOf(s));
}

/** What the session keeps of the form: the files, the ensemble and the settings, as typed. */
export function trainingSessionOf(s: Pick<TrainingState, 'train' | 'test' | 'members' | 'settings'>): TrainingSession {
  return {
    train: s.train?.path ?? null,
    test: s.test?.path ?? null,
    members: s.members.map(({ arch, inputs, seed, width }) => ({ arch, inputs, seed, width })),
    settings: s.settings,
  };
}
