import type { TrainingSession } from '../../../shared/contract';
import { setDatasetPath } from './dataset-actions';
import { restoredMembers } from './ensemble-members';
import { trainingStore } from './training-store';

/** Puts the form back as the session left it (see trainingSessionOf); the files are read again, as they are now. */
export function restoreTraining(saved: TrainingSession): void {
  trainingStore.set({ members: restoredMembers(saved.members), settings: saved.settings });
  if (saved.train) void setDatasetPath('train', saved.train);
  if (saved.test) void setDatasetPath('test', saved.test);
}
