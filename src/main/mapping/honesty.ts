/**
 * What a user must know before trusting a map, decided once here and shown by every face (the result card and map
 * badge, report.md, summary.json, the CLI): a model trained only on synthetic data used on a real scene, bands taken
 * from another sensor by equivalence, a map that is mostly unsure, a model whose recorded accuracy is poor (or was
 * never measured), a scene half hidden by clouds or whose clouds were not masked.
 */
import { SENSOR_LABEL, bandSpec } from '../../shared/bands';
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { BandEquivalenceUse, ResultSummary } from '../../shared/contract/results';
import type { ProductInfo } from '../../shared/contract/scenes';
import { POOR_RECORDED_OA, recordedAccuracy, trainingDataOf } from '../bundles/bundle-check';
import type { SceneCheck } from './reflectance-check';

/** A map whose cells are mostly this unsure (top probability under 0.5) is called mostly unsure. */
export const MOSTLY_UNSURE_SHARE = 0.5;
/** A sampled cloud cover above this is worth a sentence (those cells are left unmapped). */
const CLOUDY_SHARE = 0.2;

export type Honesty = Pick<ResultSummary, 'modelTrainedOn' | 'bandEquivalence' | 'mostlyUnsure' | 'poorRecordedAccuracy' | 'warnings'>;

export interface HonestyInput {
  /** The scene is the synthetic demo (then a synthetic-trained model is what it is for). */
  syntheticScene: boolean;
  models: readonly BundleManifest[];
  /** Share of mapped cells whose top probability is under 0.5. */
  lowConfidenceShare: number;
  equivalence: BandEquivalenceUse | null;
  sceneCheck: SceneCheck | null;
  product: ProductInfo | null;
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

function trainedOn(models: readonly BundleManifest[]): Honesty['modelTrainedOn'] {
  const kinds = new Set(models.map(trainingDataOf));
  if (kinds.size === 0) return 'unknown';
  if (kinds.has('synthetic')) return kinds.size === 1 ? 'synthetic' : 'mixed';
  return kinds.has('unknown') ? 'unknown' : 'real';
}

function equivalenceSentence(use: BandEquivalenceUse): string {
  const scene = use.sceneSensor ? SENSOR_LABEL[use.sceneSensor] : 'the scene';
  const trained = [...new Set(use.bands.map((b) => bandSpec(b.id)?.sensor).filter((s) => s !== undefined))].map((s) => SENSOR_LABEL[s]).join(' and ');
  const equivalent = use.bands.filter((b) => b.kind === 'equivalent').map((b) => `${b.id} from ${b.from[0]}`);
  const interpolated = use.bands.filter((b) => b.kind === 'interpolated').map((b) => b.id);
  return (
    `The model was trained on ${trained} bands; this ${scene} scene stood in for them by band equivalence (${equivalent.join(', ')}` +
    (interpolated.length ? `; ${interpolated.join(', ')} interpolated by wavelength between red and near infrared, which ${scene} lacks` : '') +
    '): expect it to map less accurately than its recorded accuracy says.'
  );
}

export function honestyOf(input: HonestyInput): Honesty {
  const warnings: string[] = [];
  const modelTrainedOn = trainedOn(input.models);
  if (!input.syntheticScene && modelTrainedOn === 'synthetic') {
    warnings.push('The model was trained only on synthetic data (imaginary cities) and has never seen a real scene: read this map as a demonstration, not as the Local Climate Zones of this place.');
  } else if (!input.syntheticScene && modelTrainedOn === 'mixed') {
    warnings.push('Some models of the ensemble were trained only on synthetic data (imaginary cities) and have never seen a real scene: the map is only partly based on real training data.');
  }
  if (input.equivalence) warnings.push(equivalenceSentence(input.equivalence));
  const mostlyUnsure = input.lowConfidenceShare > MOSTLY_UNSURE_SHARE;
  if (mostlyUnsure) warnings.push(`Most of the map is unsure: for ${pct(input.lowConfidenceShare)} of the mapped cells the most probable class has a probability under 50 %.`);
  let poorRecordedAccuracy = false;
  for (const m of input.models) {
    const oa = recordedAccuracy(m);
    if (oa === null) warnings.push(`The model "${m.name}" records no accuracy: nobody has measured how well it maps.`);
    else if (oa < POOR_RECORDED_OA) {
      poorRecordedAccuracy = true;
      warnings.push(`The model "${m.name}" records an overall accuracy of ${pct(oa)} (under ${pct(POOR_RECORDED_OA)}): most of the classes it draws are wrong.`);
    }
  }
  const cloudShare = input.sceneCheck?.cloudShare ?? null;
  if (cloudShare !== null && cloudShare > CLOUDY_SHARE) warnings.push(`About ${pct(cloudShare)} of the scene is cloud or cloud shadow (by the product's quality layer): those cells are left unmapped.`);
  if (input.product?.kind === 'sentinel-2-safe' && input.product.level === 'L1C') {
    warnings.push('The scene is a Sentinel-2 Level-1C product: top-of-atmosphere reflectance without a scene classification, so clouds are not masked and the map reads them as ground.');
  }
  return { modelTrainedOn, bandEquivalence: input.equivalence, mostlyUnsure, poorRecordedAccuracy, warnings };
}
