import type { DatasetInfo } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';
import { teacherPreset } from './ensemble-members';
import { DEFAULT_SETTINGS, DEFAULT_SYNTHETIC_PATCHES } from './training-defaults';
import type { MemberDraft, SettingsDraft } from './train-form';

/** A So2Sat-format file chosen for training or testing, and what the core said about it. */
export interface ChosenFile {
  path: string;
  /** null while the core reads it, or when it could not. */
  info: DatasetInfo | null;
  error: string | null;
}

export type FileRole = 'train' | 'test';

/** The Training view's form: the data, the ensemble being built and the hyper-parameters. */
export interface TrainingState {
  train: ChosenFile | null;
  test: ChosenFile | null;
  /** The synthetic So2Sat file of the workspace (datasets/demo); null until asked. */
  demo: { path: string; ready: boolean } | null;
  /** Patches of a new synthetic file, as typed. */
  synthPatches: string;
  /** The job making the synthetic file, started from this page. */
  synthJobId: string | null;
  members: readonly MemberDraft[];
  settings: SettingsDraft;
  /** Browser mode: which file the path dialog is choosing. */
  pathDialog: FileRole | null;
  /** A request is on its way (jobs/start, datasets/demo): the buttons wait. */
  busy: boolean;
}

export const trainingStore = createStore<TrainingState>({
  train: null,
  test: null,
  demo: null,
  synthPatches: DEFAULT_SYNTHETIC_PATCHES,
  synthJobId: null,
  members: teacherPreset(),
  settings: DEFAULT_SETTINGS,
  pathDialog: null,
  busy: false,
});

export function useTraining<T>(selector: (state: TrainingState) => T): T {
  return useStoreSlice(trainingStore, selector);
}
