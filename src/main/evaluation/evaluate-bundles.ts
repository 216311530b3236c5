import { SO2SAT_S2_BANDS } from '../../shared/bands';
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { EvaluateModelParams, EvaluationRecord, NonFiniteCounts } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { readBundle, type Bundle } from '../bundles/bundle-io';
import { ClassifierSession, threadsForMachine } from '../onnx/classifier-session';
import type { Normalisation } from '../so2sat/normalise';
import { So2SatFile, type So2SatBatch } from '../so2sat/so2sat-file';
import { checkDataset, checkStage } from '../train/data-check';
import { rowArgmax } from '../train/member-input';
import type { RunContext } from '../train/run-context';
import { writeFileAtomic } from '../workspace/atomic-write';
import { fuse, scoresOf, temperatureFor, withTemperature, type Predictions } from './scores';

const K = 17;
const PIXELS = 32 * 32;

/** Where each of the bundle's bands is among So2Sat's 10 sen2 bands; an error when the bundle needs others. */
export function sen2Indices(bundle: Bundle): number[] {
  const { manifest } = bundle;
  const indices = manifest.bands.map((b) => (SO2SAT_S2_BANDS as readonly string[]).indexOf(b.id));
  const missing = manifest.bands.filter((_, i) => indices[i]! < 0).map((b) => b.id);
  if (missing.length) throw new UserError(`needs ${missing.join(', ')}, which So2Sat's sen2 does not hold (it has ${SO2SAT_S2_BANDS.join(', ')})`, bundle.dir);
  if (new Set(indices).size !== indices.length) throw new UserError('lists a band twice in manifest.json', bundle.dir);
  if (manifest.input.patchSize !== 32) throw new UserError(`takes ${manifest.input.patchSize} px patches; So2Sat patches are 32 x 32`, bundle.dir);
  return indices;
}

/**
 * So2Sat's 10 sen2 bands normalised as the bundle normalises its own (the others as they are): the reader then puts
 * a non-finite value at its band's mean, as it says it does, and as the bundle's training saw it.
 */
export function bundleNormalisation(manifest: Pick<BundleManifest, 'bands'>, indices: readonly number[]): Normalisation {
  const mean = new Array<number>(SO2SAT_S2_BANDS.length).fill(0);
  const std = new Array<number>(SO2SAT_S2_BANDS.length).fill(1);
  manifest.bands.forEach((band, k) => {
    mean[indices[k]!] = band.mean;
    std[indices[k]!] = band.std;
  });
  return { mean, std };
}

/** A batch read with bundleNormalisation as the bundle's input: its bands, in its order and layout. */
export function bundleInput(batch: So2SatBatch, manifest: { input: Pick<BundleManifest['input'], 'layout'> }, indices: readonly number[]): Float32Array {
  const c = indices.length;
  const out = new Float32Array(batch.n * PIXELS * c);
  const nchw = manifest.input.layout === 'NCHW';
  for (let n = 0; n < batch.n; n++) {
    for (let p = 0; p < PIXELS; p++) {
      const src = (n * PIXELS + p) * 10;
      for (let k = 0; k < c; k++) out[nchw ? (n * c + k) * PIXELS + p : (n * PIXELS + p) * c + k] = batch.sen2[src + indices[k]!]!;
    }
  }
  return out;
}

/** The session's probabilities on patches of a file (`order`: these patches, in this order; default all) and their true classes. */
export async function predictions(session: ClassifierSession, bundle: Bundle, indices: number[], file: So2SatFile, signal?: AbortSignal, order: Uint32Array = Uint32Array.from({ length: file.patches }, (_, i) => i)): Promise<Predictions> {
  const probabilities = new Float32Array(order.length * K);
  const labels = new Uint8Array(order.length);
  let at = 0;
  for await (const batch of file.batches(order, 256, { sen2Normalisation: bundleNormalisation(bundle.manifest, indices), signal })) {
    probabilities.set(await session.run(bundleInput(batch, bundle.manifest, indices), batch.n), at * K);
    labels.set(rowArgmax(batch.labels, K), at);
    at += batch.n;
  }
  return { probabilities, labels };
}

/**
 * Accuracy and calibration of bundles on a So2Sat-format file, each alone and (when several) fused as an ensemble,
 * the way the mapping engine would run them. Temperatures: fitted on `fitOn` when given, else each bundle's own.
 * The files are checked first, as a training run checks its data (train/data-check.ts): a band some bundle reads
 * with no finite value would score the bundles on nothing, so it is refused before any bundle runs.
 */
export async function evaluateBundles(params: EvaluateModelParams, ctx: RunContext): Promise<EvaluationRecord> {
  const { signal } = ctx;
  const bundles: Bundle[] = [];
  for (const dir of params.bundles) bundles.push(await readBundle(dir));
  const indices = bundles.map(sen2Indices);
  const read = [...new Set(indices.flat())].sort((a, b) => a - b);
  const test = await So2SatFile.open(params.test, { signal });
  let fit: So2SatFile | null = null;
  try {
    if (params.fitOn) fit = await So2SatFile.open(params.fitOn, { signal });
    for (const file of fit ? [test, fit] : [test]) await checkDataset({ use: 'evaluation', file, dataset: 'sen2', indices: null, stage: checkStage(file, 'sen2') }, read, ctx);
    const scored: Predictions[] = [];
    const temperatures: number[] = [];
    for (const [k, bundle] of bundles.entries()) {
      ctx.progress({ stage: `Evaluating ${bundle.manifest.name}`, done: k, total: bundles.length });
      // Temperature 1: the raw softmax, so both sides of the calibration can be measured.
      const session = await ClassifierSession.open({ ...bundle, manifest: { ...bundle.manifest, temperature: 1 } }, { threads: threadsForMachine() });
      try {
        scored.push(await predictions(session, bundle, indices[k]!, test, signal));
        temperatures.push(fit ? temperatureFor(await predictions(session, bundle, indices[k]!, fit, signal)) : bundle.manifest.temperature);
      } finally {
        await session.dispose();
      }
    }
    const members = scored.map((p, k) => ({ name: bundles[k]!.manifest.name, scores: scoresOf(p, withTemperature(p.probabilities, temperatures[k]!), temperatures[k]!) }));
    const ensemble =
      bundles.length > 1
        ? {
            fusion: params.fusion,
            scores: scoresOf(
              { probabilities: fuse(scored.map((p) => p.probabilities), params.fusion), labels: scored[0]!.labels },
              fuse(scored.map((p, k) => withTemperature(p.probabilities, temperatures[k]!)), params.fusion),
              1,
            ),
          }
        : null;
    // Every bundle read every patch of the test file: its counts are those of the data scored.
    const nonFinite: NonFiniteCounts = test.nonFinite();
    const evaluation: EvaluationRecord = { data: params.test, members, ensemble, nonFinite };
    await writeFileAtomic(params.out, `${JSON.stringify(evaluation, null, 2)}\n`);
    return evaluation;
  } finally {
    await test.close();
    await fit?.close();
  }
}
