import type { ModelComparison } from '../../../shared/contract/model-comparison';
import { createStore, useStoreSlice } from '../../app/store';
import { DEFAULT_PRUNE, DEFAULT_QUANTIZE, type PruneDraft, type QuantizeDraft } from './compress-params';
import { DEFAULT_DISTILL_SETTINGS, DEFAULT_STUDENT, type DistillSettingsDraft, type StudentChoice } from './distill-form';

/** The steps of the view that run as jobs, each followed by the job started last for it. */
export type DistillStep = 'distill' | 'quantize' | 'prune' | 'compare';

/**
 * The Distillation view: the form (teacher, student, settings; the data is the Training view's choice), the
 * distillation run in focus, the jobs its steps started, and the comparison report read.
 */
export interface DistillState {
  /** Training run folders and bundle folders chosen as the teacher. */
  teacher: readonly string[];
  student: StudentChoice;
  settings: DistillSettingsDraft;
  quantize: QuantizeDraft;
  prune: PruneDraft;
  /** The distillation run in focus: the one started here, or one chosen from the list. */
  runDir: string | null;
  jobs: Readonly<Record<DistillStep, string | null>>;
  /** The comparison report of the run in focus, once made (or one made earlier in this session). */
  report: { dir: string; data: ModelComparison } | null;
  reportError: string | null;
  /** A request is on its way (jobs/start): the buttons wait. */
  busy: boolean;
}

export const distillStore = createStore<DistillState>({
  teacher: [],
  student: DEFAULT_STUDENT,
  settings: DEFAULT_DISTILL_SETTINGS,
  quantize: DEFAULT_QUANTIZE,
  prune: DEFAULT_PRUNE,
  runDir: null,
  jobs: { distill: null, quantize: null, prune: null, compare: null },
  report: null,
  reportError: null,
  busy: false,
});

export function useDistill<T>(selector: (state: DistillState) => T): T {
  return useStoreSlice(distillStore, selector);
}
