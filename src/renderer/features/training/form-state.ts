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
