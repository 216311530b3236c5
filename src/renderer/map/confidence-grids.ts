import type { ConfidenceDisplay } from '../../shared/contract';
import { decodeBytes } from './bytes';
import { agreementFromDisagreement, type ConfidenceMeasure } from './confidence-image';

export const MEASURE_LABEL: Record<ConfidenceMeasure, string> = {
  maxProbability: 'Max probability',
  margin: 'Margin (top two)',
  certainty: 'Certainty (1 − entropy)',
  agreement: 'Member agreement',
};

/** The measures a result offers: agreement only for ensembles (several models). */
export function availableMeasures(confidence: ConfidenceDisplay): ConfidenceMeasure[] {
  const all: ConfidenceMeasure[] = ['maxProbability', 'margin', 'certainty'];
  return confidence.disagreementBase64 ? [...all, 'agreement'] : all;
}

/** The measure to draw: the one asked for when the result has it, else max probability. */
export function effectiveMeasure(confidence: ConfidenceDisplay, wanted: ConfidenceMeasure): ConfidenceMeasure {
  return availableMeasures(confidence).includes(wanted) ? wanted : 'maxProbability';
}

/** One byte per display cell for a measure, high = sure (disagreement is turned into agreement). */
export function measureValues(confidence: ConfidenceDisplay, measure: ConfidenceMeasure, cells: number): Uint8Array {
  switch (measure) {
    case 'maxProbability':
      return decodeBytes(confidence.maxProbabilityBase64, cells, 'max probability grid');
    case 'margin':
      return decodeBytes(confidence.marginBase64, cells, 'margin grid');
    case 'certainty':
      return decodeBytes(confidence.certaintyBase64, cells, 'certainty grid');
    case 'agreement':
      if (!confidence.disagreementBase64) throw new Error('This result has no member disagreement: it was made by a single model.');
      return agreementFromDisagreement(decodeBytes(confidence.disagreementBase64, cells, 'disagreement grid'));
  }
}
