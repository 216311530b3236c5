/**
 * The second classifier of training areas: a CNN of the model zoo, trained with the training engine on So2Sat-format
 * patches cut from the areas, assessed by a bootstrap of a few 70/30 polygon splits (each split trains a CNN anew, so
 * the generator's 25 would take 25 trainings: the default is DEFAULT_BOOTSTRAP_RUNS.cnn, and the result says so),
 * trained on every area, written as a mapping bundle, and run over the scene by the mapping engine (map-grid.ts), as
 * any bundle is. The patches and the bundle are kept in the result folder: the bundle maps other scenes with lcz map.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { AreasMapParams, AreasCnnSettings } from '../../../shared/contract/areas';
import { architecture } from '../../../shared/architectures';
import { SO2SAT_S2_BANDS } from '../../../shared/bands';
import { threadsForMachine } from '../../onnx/classifier-session';
import { writeModelBundle } from '../../onnx/export';
import type { Bundle } from '../../bundles/bundle-io';
import { mapGrid, type SceneMapping } from '../../mapping/map-grid';
import { batchCellsFor, type MappingContext } from '../../mapping/map-scene';
import { openPatchModels } from '../../mapping/patch-models';
import { prepareScene } from '../../mapping/prepare-scene';
import type { SceneReader } from '../../scenes/scene-reader';
import { So2SatFile } from '../../so2sat/so2sat-file';
import type { Normalisation } from '../../so2sat/normalise';
import { so2satStatistics } from '../../so2sat/statistics';
import { parameterCount } from '../../train/zoo';
import { BootstrapTally, labelledCells } from '../bootstrap';
import type { ClassifiedScene } from '../classified-scene';
import type { PreparedAreas } from '../prepare-areas';
import { cutAreaPatches, requireEnoughPatches } from './area-patches';
import type { CnnStart } from './cnn-start';
import { predictCnn, trainCnn } from './cnn-train';

/** The CNN's files in the result folder. */
export const CNN_RESULT_FILES = { patches: 'training-patches.h5', bundle: 'cnn-bundle' } as const;

export interface CnnMapInput {
  params: AreasMapParams;
  cnn: AreasCnnSettings;
  start: CnnStart;
  reader: SceneReader;
  prepared: PreparedAreas;
  runs: number;
  /** A folder of this run's own for the patches, checkpoints and bundle until they move into the result. */
  workDir: string;
  /** The result folder, where the bundle will be. */
  outDir: string;
  ctx: MappingContext;
}

/** The bootstrap's honest sentence, for the result's record and report. */
export function cnnBootstrapNote(runs: number): string {
  if (runs === 0) return 'No bootstrap was run: the CNN was not assessed on held-out areas.';
  return `Bootstrap of ${runs} CNN training${runs === 1 ? '' : 's'} on 70/30 splits by polygon, not the generator's 25 (each split trains a CNN anew): the figures' spread is a rough guide.`;
}

/** Band statistics of the patches, to normalise with when training from scratch (a band that never varies is left unscaled). */
async function patchStatistics(file: So2SatFile, signal: AbortSignal): Promise<Normalisation> {
  const s = await so2satStatistics(file, 'sen2', { signal });
  return { mean: s.mean.map((m) => (Number.isFinite(m) ? m : 0)), std: s.std.map((v) => (v > 0 ? v : 1)) };
}

export async function cnnMap(input: CnnMapInput): Promise<ClassifiedScene> {
  const { params, cnn, start, reader, prepared, runs, workDir, ctx } = input;
  const { signal } = ctx;
  const patchesPath = join(workDir, CNN_RESULT_FILES.patches);
  const patches = await cutAreaPatches(reader, params.settings, prepared, { out: patchesPath, areasPath: params.areas, seed: params.seed }, {
    signal,
    onProgress: (p) => ctx.progress({ stage: `Cutting patches from the areas: ${p.stage.toLowerCase()}`, done: p.done, total: p.total }),
  });
  requireEnoughPatches(patches.classCounts, params.areas, 'usable patches');
  const file = await So2SatFile.open(patchesPath, { signal });
  try {
    const sen2 = start.normalisation(await patchStatistics(file, signal));
    const batches = (n: number) => Math.ceil(n / cnn.batchSize);
    const trainings = runs + 1;
    const train = async (label: string, k: number, trainOn: Uint32Array, validation: Uint32Array, seed: number) => {
      const model = start.model(seed);
      const history = await trainCnn({
        file,
        model,
        spec: { ...start.spec, seed },
        channels: start.channels,
        sen2,
        cnn,
        train: trainOn,
        validation,
        workDir,
        signal,
        onBatch: (p) =>
          ctx.progress({
            stage: `${label} · epoch ${p.epoch}/${cnn.epochs}`,
            done: k * cnn.epochs + (p.epoch - 1) + p.batch / Math.max(1, batches(trainOn.length)),
            total: trainings * cnn.epochs,
            metrics: { epoch: p.epoch, loss: p.loss, accuracy: p.accuracy, samplesPerSecond: p.samplesPerSecond },
          }),
      });
      return { model, history };
    };

    const tally = new BootstrapTally(patches.areas, params.seed);
    for (let run = 0; run < runs; run++) {
      const split = tally.nextSplit();
      const test = Uint32Array.from(split.test.cells);
      const { model } = await train(`Bootstrap: training CNN ${run + 1}/${runs}`, run, Uint32Array.from(split.train.cells), test, params.seed + run * 7919);
      try {
        tally.record(await predictCnn(model, start.channels, file, test, sen2, signal));
      } finally {
        model.dispose();
      }
    }
    const assessed = tally.result();

    // The final model sees every patch; its curve's "validation" is a sample of them (nothing is chosen on it).
    const all = Uint32Array.from(labelledCells(patches.areas).cells);
    const { model, history } = await train('Training the final CNN on every area', runs, all, all.filter((_, i) => i % 10 === 0), params.seed);
    const arch = architecture(start.spec.arch);
    const bundleDir = join(workDir, CNN_RESULT_FILES.bundle);
    const meanOa = assessed.runs.length ? assessed.runs.reduce((s, r) => s + r.oa, 0) / assessed.runs.length : null;
    const bands = start.channels.sen2.map((i) => ({ id: SO2SAT_S2_BANDS[i]!, mean: sen2.mean[i]!, std: sen2.std[i]! }));
    const fineTuned = start.fromBundle ? `fine-tuned from "${start.fromBundle.name}" (${start.fromBundle.dir})` : 'trained from scratch';
    const parameters = parameterCount(model).total;
    let bundle: Bundle;
    try {
      bundle = await writeModelBundle(bundleDir, model, {
        name: `${arch.name} from training areas · ${params.areas.split('/').at(-1)}`.slice(0, 200),
        description: `A CNN ${fineTuned} on ${patches.total} So2Sat-format patches cut from the training areas in ${params.areas} over ${reader.scene.path}. ${cnnBootstrapNote(runs)}`,
        bands,
        resolutionM: 10,
        temperature: 1,
        provenance: {
          method: `${arch.name} (width ${start.spec.width}) ${fineTuned} by LCZ Studio on ${patches.total} patches cut from training areas: ${history.length} epochs, batch ${cnn.batchSize}, AdamW (lr ${cnn.learningRate}, cosine), rot90/flip augmentation; not calibrated (temperature 1)`,
          seed: params.seed,
          source: params.areas,
          reproduce: `lcz areas map --areas ${params.areas} --scene ${params.scene} --classifier cnn --epochs ${cnn.epochs}${start.fromBundle ? ` --from-bundle ${start.fromBundle.dir}` : ''} --seed ${params.seed}`,
        },
        metrics: { valAccuracy: history.at(-1)?.valAccuracy ?? 0, ...(meanOa === null ? {} : { bootstrapOa: meanOa }) },
        export: { layout: 'NHWC' },
      });
    } finally {
      model.dispose();
    }

    ctx.progress({ stage: 'Mapping with the CNN', done: 0, total: 1 });
    const scene = await prepareScene(reader, params.settings, [bundle], false, signal);
    const threads = threadsForMachine();
    const models = await openPatchModels({}, [bundle], threads);
    const batchCells = batchCellsFor(reader, [bundle], prepared.grid, false, threads);
    let mapping: SceneMapping;
    try {
      mapping = await mapGrid({
        reader: scene.reader,
        settings: scene.settings,
        grid: prepared.grid,
        members: [{ dir: bundle.dir, manifest: bundle.manifest }],
        loadModel: () => models.load(bundle),
        tta: false,
        batchCells,
        signal,
        onProgress: (p) => ctx.progress({ stage: 'Mapping with the CNN', done: p.done, total: p.total, metrics: { patchesPerSecond: Math.round(p.patchesPerSecond) } }),
      });
    } finally {
      await models.dispose();
    }

    const finalBundle = join(input.outDir, CNN_RESULT_FILES.bundle);
    return {
      assessed,
      raw: mapping.fused,
      stats: mapping.stats,
      features: start.channels.names,
      trainingCells: all.length,
      model: { kind: 'bundle', dir: finalBundle, manifest: bundle.manifest },
      engine: `${arch.name} CNN (${parameters.toLocaleString('en-US')} parameters) trained by LCZ Studio, run by ${models.engine(batchCells)}`,
      cnn: {
        arch: start.spec.arch,
        width: start.spec.width,
        epochs: cnn.epochs,
        parameters,
        patchesFile: join(input.outDir, CNN_RESULT_FILES.patches),
        patches: patches.total,
        classPatches: patches.classCounts,
        bundle: finalBundle,
        fromBundle: start.fromBundle,
        note: cnnBootstrapNote(runs),
      },
      extras: async (staging) => {
        for (const name of Object.values(CNN_RESULT_FILES)) await rename(join(workDir, name), join(staging, name));
        return Object.values(CNN_RESULT_FILES);
      },
    };
  } finally {
    await file.close();
  }
}
