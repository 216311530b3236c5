import { randomUUID } from 'node:crypto';
import { totalmem } from 'node:os';
import { basename, extname } from 'node:path';
import type { MapSceneParams } from '../../../shared/contract';
import { UserError } from '../../../shared/errors';
import { readBundle, type Bundle } from '../../bundles/bundle-io';
import { planBatches } from '../../mapping/batch-budget';
import { confidenceOfDrawnClasses } from '../../mapping/drawn-class-confidence';
import { evaluateMap } from '../../mapping/evaluate-map';
import { defaultFusion } from '../../mapping/fusion-choice';
import { mapScene } from '../../mapping/map-scene';
import { modeFilter } from '../../mapping/mode-filter';
import { outputGrid } from '../../mapping/output-grid';
import { resultReport, resultSummary } from '../../mapping/result-summary';
import { TTA_VIEW_COUNT } from '../../mapping/tta';
import { resultLczMap, writeResult } from '../../mapping/write-result';
import { ONNXRUNTIME_VERSION, threadsForMachine } from '../../onnx/classifier-session';
import { ClassifierWorker } from '../../onnx/classifier-worker';
import { appVersion } from '../../paths';
import { readLczMap } from '../../raster/read-lcz-map';
import { SceneReader } from '../../scenes/scene-reader';
import { checkSettings } from '../../scenes/scene-settings';
import { lockFolder } from '../../files/folder-lock';
import { throwIfCancelled, type JobContext } from '../job-context';

/** Bytes of one raw sample of each scene data type (for the memory estimate). */
const SAMPLE_BYTES: Record<string, number> = { Byte: 1, UInt16: 2, Int16: 2, UInt32: 4, Int32: 4, Float32: 4, Float64: 8 };

/** The mapping job: scene + bundle(s) -> result folder (LCZ map, probabilities, confidence, summary). */
export async function runMapScene(params: MapSceneParams, ctx: JobContext): Promise<string[]> {
  if (!params.outDir) throw new Error('map job started without an output folder');
  // The only mapping writing this folder, from the start: a second one is refused now, not after its whole work.
  const lock = await lockFolder(params.outDir, 'mapping');
  try {
    return await mapInto(params, params.outDir, ctx);
  } finally {
    await lock.release();
  }
}

async function mapInto(params: MapSceneParams, outDir: string, ctx: JobContext): Promise<string[]> {
  const { signal } = ctx;
  ctx.progress({ stage: 'Opening the scene and models', done: 0, total: 1 });
  const reader = await SceneReader.open(params.scene, signal);
  // One model thread for the whole job: members are loaded into it one after another (see mapScene).
  let model: ClassifierWorker | null = null;
  try {
    checkSettings(reader.scene, params.settings);
    const bundles: Bundle[] = [];
    for (const dir of params.bundles) bundles.push(await readBundle(dir));
    const truth = params.truth ? await readLczMap(params.truth, signal) : null;
    const fusion = params.fusion ?? defaultFusion(bundles.map((b) => b.manifest));
    const threads = threadsForMachine();
    const grid = outputGrid(reader.scene, params.resolutionM);
    const { batchCells } = planBatches({
      threads,
      views: params.tta ? TTA_VIEW_COUNT : 1,
      patchLengths: bundles.map((b) => b.manifest.bands.length * b.manifest.input.patchSize ** 2),
      cells: grid.width * grid.height,
      sampleBytes: SAMPLE_BYTES[reader.scene.dtype] ?? 8,
      machineBytes: totalmem(),
    });
    throwIfCancelled(signal);

    const mapping = await mapScene({
      reader,
      settings: params.settings,
      members: bundles.map((b) => ({ dir: b.dir, manifest: b.manifest })),
      loadModel: async (_member, index) => {
        const bundle = bundles[index]!;
        if (model) await model.load(bundle);
        else model = await ClassifierWorker.open(bundle, { threads });
        return model;
      },
      resolutionM: params.resolutionM,
      tta: params.tta,
      fusion,
      batchCells,
      signal,
      onProgress: (p) => ctx.progress({ stage: 'Mapping', done: p.done, total: p.total, metrics: { patchesPerSecond: Math.round(p.patchesPerSecond) } }),
    });
    if (mapping.stats.predictedCells === 0) {
      throw new UserError('has no valid pixels under any output cell (is it all no data, or is the nodata value wrong?)', params.scene);
    }
    const filtered = params.filter ? confidenceOfDrawnClasses(mapping.fused, modeFilter(mapping.fused.classes, mapping.grid.width, mapping.grid.height)) : null;
    const fused = filtered?.fused ?? mapping.fused;
    const { classes } = fused;

    ctx.progress({ stage: 'Writing the result', done: 0, total: 1 });
    const name = params.name ?? basename(params.scene, extname(params.scene));
    const accuracy = truth ? { truthPath: truth.path, metrics: evaluateMap(resultLczMap(mapping.grid, classes, name), truth) } : null;
    const summary = resultSummary({
      id: randomUUID(),
      name,
      createdBy: `LCZ Studio ${appVersion()}`,
      synthetic: reader.scene.metadata.SYNTHETIC === 'YES',
      scenePath: reader.scene.path,
      settings: params.settings,
      models: bundles.map((b) => ({ dir: b.dir, manifest: b.manifest })),
      mappingSettings: { resolutionM: params.resolutionM, tta: params.tta, filter: params.filter, fusion },
      mapping,
      classes,
      fused,
      filterChangedCells: filtered?.changedCells ?? null,
      engine: `onnxruntime-node ${ONNXRUNTIME_VERSION}, ${threads} threads, batches of ${batchCells} cells`,
      accuracy,
    });
    const files = await writeResult(outDir, { grid: mapping.grid, classes, fused, summary, report: resultReport, signal });
    ctx.progress({ stage: 'Done', done: 1, total: 1 });
    return files;
  } finally {
    await (model as ClassifierWorker | null)?.dispose();
    await reader.close();
  }
}
