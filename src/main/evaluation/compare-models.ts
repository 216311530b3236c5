/**
 * The comparison report of several bundles on the same test data (a teacher, its student, the student int8 and
 * pruned): each scored as evaluate-bundles scores it (OA, kappa, WUDAPT's OA_u/OA_bu/OA_w, per-class F1, ECE before
 * and after temperature scaling), its agreement with the first bundle and McNemar's test against it, its parameters,
 * multiply-accumulates and bytes on disk, and its throughput in ONNX Runtime on this machine, all models timed in the
 * same rounds (throughput.ts). The folder holds report.json and the predictions it was computed from (.npy), so its
 * figures can be checked with numpy; it is assembled aside and renamed into place, complete or not at all.
 */
import { cpus, availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { ALL_LCZ_VALUES } from '../../shared/bundle-manifest';
import { bundleKind } from '../../shared/bundle-lineage';
import type { CompareModelsParams, ComparedModel, ModelComparison } from '../../shared/contract/model-comparison';
import { UserError } from '../../shared/errors';
import { readBundle, type Bundle } from '../bundles/bundle-io';
import { ClassifierSession, ONNXRUNTIME_VERSION, threadsForMachine } from '../onnx/classifier-session';
import { modelCost } from '../onnx/model-cost';
import { decodeModel, readModelBytes } from '../onnx/read-model';
import { So2SatFile } from '../so2sat/so2sat-file';
import { checkDataset, checkStage } from '../train/data-check';
import { rowArgmax } from '../train/member-input';
import type { RunContext } from '../train/run-context';
import { bundleInput, bundleNormalisation, predictions, sen2Indices } from './evaluate-bundles';
import { npyBytes } from './npy';
import { REPORT_FILE } from './read-model-comparison';
import { agreement, pairedTest } from './paired';
import { scoresOf, temperatureFor, withTemperature } from './scores';
import { interleavedThroughput, median, type TimedModel } from './throughput';

const K = 17;
const BATCH = 256;
export { REPORT_FILE };

function requireLczOutputs(bundle: Bundle): void {
  const classes = bundle.manifest.classes;
  if (classes.length !== K || classes.some((c, i) => c !== ALL_LCZ_VALUES[i])) {
    throw new UserError(`outputs ${classes.length} classes (${classes.join(', ')}); the comparison scores models of the 17 LCZ classes in order`, bundle.dir);
  }
}

/** The first `batches` batches of the test file as the bundle reads them, kept in memory for the timed rounds. */
async function timingBatches(bundle: Bundle, bands: number[], file: So2SatFile, batches: number, signal: AbortSignal): Promise<TimedModel['batches']> {
  const order = Uint32Array.from({ length: Math.min(file.patches, batches * BATCH) }, (_, i) => i);
  const out: TimedModel['batches'] = [];
  for await (const batch of file.batches(order, BATCH, { sen2Normalisation: bundleNormalisation(bundle.manifest, bands), signal })) out.push({ data: bundleInput(batch, bundle.manifest, bands), n: batch.n });
  return out;
}

export async function compareModels(params: CompareModelsParams, ctx: RunContext): Promise<{ report: ModelComparison; files: string[] }> {
  const { signal } = ctx;
  const bundles: Bundle[] = [];
  for (const dir of params.bundles) bundles.push(await readBundle(dir));
  bundles.forEach(requireLczOutputs);
  const bands = bundles.map(sen2Indices);
  const out = resolve(params.outDir);
  const staging = join(dirname(out), `.${basename(out)}.comparing-${process.pid}`);
  const test = await So2SatFile.open(params.test, { signal });
  let fit: So2SatFile | null = null;
  const sessions: ClassifierSession[] = [];
  try {
    if (params.fitOn) fit = await So2SatFile.open(params.fitOn, { signal });
    const read = [...new Set(bands.flat())].sort((a, b) => a - b);
    for (const file of fit ? [test, fit] : [test]) await checkDataset({ use: 'evaluation', file, dataset: 'sen2', indices: null, stage: checkStage(file, 'sen2') }, read, ctx);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });

    const scored: { scores: ComparedModel['scores']; classes: Uint8Array; file: string }[] = [];
    let labels: Uint8Array = new Uint8Array(0);
    for (const [k, bundle] of bundles.entries()) {
      ctx.progress({ stage: `Scoring ${bundle.manifest.name}`, done: k, total: bundles.length });
      // Temperature 1: the raw softmax, so both sides of the calibration can be measured.
      const session = await ClassifierSession.open({ ...bundle, manifest: { ...bundle.manifest, temperature: 1 } }, { threads: threadsForMachine() });
      sessions.push(session);
      const p = await predictions(session, bundle, bands[k]!, test, signal);
      const temperature = fit ? temperatureFor(await predictions(session, bundle, bands[k]!, fit, signal)) : bundle.manifest.temperature;
      const file = `probabilities-${k + 1}.npy`;
      await writeFile(join(staging, file), npyBytes(p.probabilities, [p.labels.length, K]));
      scored.push({ scores: scoresOf(p, withTemperature(p.probabilities, temperature), temperature), classes: rowArgmax(p.probabilities, K), file });
      labels = p.labels;
    }
    await writeFile(join(staging, 'labels.npy'), npyBytes(labels, [labels.length]));

    const timed: TimedModel[] = [];
    for (const [k, bundle] of bundles.entries()) timed.push({ session: sessions[k]!, batches: await timingBatches(bundle, bands[k]!, test, params.batches, signal) });
    const stage = `Timing the models in ONNX Runtime (${params.rounds} rounds)`;
    const rounds = await interleavedThroughput(timed, params.rounds, signal, (done) => ctx.progress({ stage, done, total: params.rounds }));

    const models: ComparedModel[] = [];
    for (const [k, bundle] of bundles.entries()) {
      const cost = modelCost(decodeModel(await readModelBytes(bundle.modelPath), bundle.modelPath));
      const p = bundle.manifest.provenance;
      models.push({
        bundle: bundle.dir,
        name: bundle.manifest.name,
        kind: bundleKind(bundle.manifest.provenance),
        parent: p.quantization?.parent.name ?? p.pruning?.parent.name ?? null,
        scores: scored[k]!.scores,
        agreement: agreement(scored[0]!.classes, scored[k]!.classes),
        mcnemar: k === 0 ? null : pairedTest(scored[0]!.classes, scored[k]!.classes, labels),
        cost: { parameters: cost.parameters, macs: cost.macs, weightBytes: cost.weightBytes, bytes: (await stat(bundle.modelPath)).size, uncounted: cost.uncounted },
        patchesPerSecond: median(rounds[k]!),
        rounds: rounds[k]!,
        probabilities: scored[k]!.file,
      });
    }
    const report: ModelComparison = {
      data: resolve(params.test),
      patches: labels.length,
      fitOn: params.fitOn ? resolve(params.fitOn) : null,
      machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), threads: threadsForMachine(), onnxruntime: ONNXRUNTIME_VERSION },
      throughput: { batchSize: BATCH, batchesPerRound: Math.min(...timed.map((t) => t.batches.length)), rounds: params.rounds },
      models,
      labels: 'labels.npy',
      plot: {
        accuracyVsThroughput: models.map((m) => ({ name: m.name, x: m.patchesPerSecond, y: m.scores.oa })),
        accuracyVsSize: models.map((m) => ({ name: m.name, x: m.cost.bytes, y: m.scores.oa })),
      },
    };
    await writeFile(join(staging, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
    // The folder was checked new or empty before the work (jobs/preflight.ts): an empty one makes way.
    await rmdir(out).catch(() => undefined);
    await rename(staging, out);
    return { report, files: [join(out, REPORT_FILE), join(out, 'labels.npy'), ...models.map((m) => join(out, m.probabilities))] };
  } finally {
    for (const s of sessions) await s.dispose();
    await test.close();
    await fit?.close();
    await rm(staging, { recursive: true, force: true });
  }
}
