/**
 * The calibration patches: `samples` patches drawn uniformly (seeded) from a So2Sat-format file, so a file ordered
 * city by city is sampled across its cities; read with the bundle's own band normalisation and laid out as its model
 * takes them, exactly as the evaluation of bundles reads them (evaluation/evaluate-bundles.ts).
 *
 * The So2Sat reader puts a non-finite value at its band's mean, which suits training and evaluation but would
 * calibrate the model on made-up pixels: a NaN or infinite value in a band the model reads, in any patch drawn, is
 * refused before the model runs, naming the file, the patch and the band.
 */
import { SO2SAT_S2_BANDS } from '../../../shared/bands';
import { UserError } from '../../../shared/errors';
import type { Bundle } from '../../bundles/bundle-io';
import { bundleInput, bundleNormalisation, sen2Indices } from '../../evaluation/evaluate-bundles';
import { epochOrder } from '../../so2sat/epoch-order';
import type { So2SatFile } from '../../so2sat/so2sat-file';

const PIXELS = 32 * 32;
const SEN2 = SO2SAT_S2_BANDS.length;
/** Patches read at a time: 2.5 MB of float32 input per batch for 10 bands. */
const READ_BATCH = 64;

export interface CalibrationPatches {
  /** The patches drawn, sorted (file order reads fastest). */
  indices: Uint32Array;
  /** Normalised batches in the bundle's input layout, read as they are consumed. */
  batches: () => AsyncGenerator<Float32Array>;
  /** [C, H, W] or [H, W, C]. */
  patchDims: number[];
}

/** Draws the patches and checks them; a UserError when the bundle cannot read So2Sat patches or they hold NaN. */
export async function calibrationPatches(file: So2SatFile, bundle: Bundle, samples: number, seed: number, signal?: AbortSignal): Promise<CalibrationPatches> {
  const bands = sen2Indices(bundle);
  const count = Math.min(samples, file.patches);
  const indices = epochOrder(file.patches, { seed, blockSize: 1 }).slice(0, count).sort();
  await refuseNonFinite(file, indices, bands, signal);
  const { manifest } = bundle;
  const sen2Normalisation = bundleNormalisation(manifest, bands);
  const c = bands.length;
  const size = manifest.input.patchSize;
  return {
    indices,
    patchDims: manifest.input.layout === 'NCHW' ? [c, size, size] : [size, size, c],
    batches: async function* () {
      for await (const batch of file.batches(indices, READ_BATCH, { sen2Normalisation, labels: 'hard', signal })) yield bundleInput(batch, manifest, bands);
    },
  };
}

async function refuseNonFinite(file: So2SatFile, indices: Uint32Array, bands: readonly number[], signal?: AbortSignal): Promise<void> {
  let patches = 0;
  let first: { patch: number; band: number } | null = null;
  for await (const block of file.stream('sen2', { indices, signal })) {
    const values = block.values;
    for (let row = 0; row < block.count; row++) {
      let bad = false;
      for (let p = row * PIXELS; p < (row + 1) * PIXELS && !bad; p++) {
        for (const k of bands) {
          const v = values[p * SEN2 + k]!;
          if (v - v === 0) continue; // finite
          bad = true;
          first ??= { patch: block.indices![row]!, band: k };
          break;
        }
      }
      if (bad) patches++;
    }
  }
  if (!first) return;
  const which = patches === 1 ? `one of the ${indices.length} patches drawn for calibration` : `${patches} of the ${indices.length} patches drawn for calibration, the first`;
  throw new UserError(
    `sen2 holds non-finite values (NaN or infinite) in ${which}: patch ${first.patch}, band ${SO2SAT_S2_BANDS[first.band]}; calibrating on them would fit the int8 ranges to made-up pixels: use calibration data without NaN`,
    file.path,
  );
}
