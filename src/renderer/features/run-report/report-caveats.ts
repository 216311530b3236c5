import type { ModelScores } from '../../../shared/contract';
import { percent } from './scores-data';

/**
 * What a reader of a training report should know before trusting its figures, in words: an evaluation on few
 * patches, and a temperature scaling that made the calibration error worse. Pure: tested in Node.
 */

/** Below this many evaluated patches the figures move by whole points from one draw to the next. */
export const FEW_PATCHES = 1000;

/** Half the width of the 95 % interval of a share measured on n patches (normal approximation). */
function margin(share: number, n: number): number {
  return 1.96 * Math.sqrt((share * (1 - share)) / Math.max(1, n));
}

export function reportCaveats(scores: Pick<ModelScores, 'n' | 'oa' | 'calibrationBefore' | 'calibrationAfter'>, kind: 'ensemble' | 'member'): string[] {
  const caveats: string[] = [];
  if (scores.n < FEW_PATCHES) {
    caveats.push(
      `Evaluated on only ${scores.n.toLocaleString('en-US')} patches: the overall accuracy is known to about ± ${(100 * margin(scores.oa, scores.n)).toFixed(1)} percentage points ` +
        `(95 %), and classes with few patches have rough scores. Evaluate on more patches (a larger test file, or more patches held out) before comparing models.`,
    );
  }
  const before = scores.calibrationBefore.ece;
  const after = scores.calibrationAfter.ece;
  if (after > before) {
    const what = kind === 'ensemble' ? 'the temperatures of its members were' : 'its temperature was';
    caveats.push(
      `The calibration error (ECE) is worse after temperature scaling (${percent(before)} → ${percent(after)}): ${what} fitted on the validation ` +
        `patches to minimise the negative log-likelihood, not the ECE, and the evaluation patches need not behave the same way` +
        `${scores.n < FEW_PATCHES ? '; with few patches the ECE itself is noisy (its bins hold a handful of patches each)' : ''}. ` +
        `Read the confidence of this model's maps with care.`,
    );
  }
  return caveats;
}
