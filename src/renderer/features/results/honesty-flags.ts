import { SENSOR_LABEL } from '../../../shared/bands';
import type { ResultSummary } from '../../../shared/contract';

/**
 * The short flags a result carries on the map badge and its card, from the honesty fields the core decided
 * (main/mapping/honesty.ts); the full sentences are the summary's warnings. Pure: tested in Node.
 */
export interface HonestyFlag {
  key: 'synthetic-model' | 'band-equivalence' | 'mostly-unsure' | 'poor-accuracy';
  label: string;
}

type Fields = Pick<ResultSummary, 'synthetic' | 'modelTrainedOn' | 'bandEquivalence' | 'mostlyUnsure' | 'poorRecordedAccuracy'>;

export function honestyFlags(s: Fields): HonestyFlag[] {
  const flags: HonestyFlag[] = [];
  // On the synthetic demo scene a synthetic-trained model is what it is for: the synthetic notice says the rest.
  if (!s.synthetic && s.modelTrainedOn === 'synthetic') flags.push({ key: 'synthetic-model', label: 'Model trained on synthetic data' });
  if (!s.synthetic && s.modelTrainedOn === 'mixed') flags.push({ key: 'synthetic-model', label: 'Some models trained on synthetic data' });
  if (s.bandEquivalence) {
    const sensor = s.bandEquivalence.sceneSensor ? SENSOR_LABEL[s.bandEquivalence.sceneSensor] : 'another sensor';
    flags.push({ key: 'band-equivalence', label: `Bands by equivalence (${sensor})` });
  }
  if (s.mostlyUnsure) flags.push({ key: 'mostly-unsure', label: 'Mostly unsure' });
  if (s.poorRecordedAccuracy) flags.push({ key: 'poor-accuracy', label: 'Poor recorded accuracy' });
  return flags;
}
