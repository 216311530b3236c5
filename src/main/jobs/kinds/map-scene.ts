import { randomUUID } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { MapSceneParams } from '../../../shared/contract';
import { UserError } from '../../../shared/errors';
import { readBundle, type Bundle } from '../../bundles/bundle-io';
import { evaluateMap } from '../../mapping/evaluate-map';
import { mapScene } from '../../mapping/map-scene';
import { modeFilter } from '../../mapping/mode-filter';
import { resultReport, resultSummary } from '../../mapping/result-summary';
import { resultLczMap, writeResult } from '../../mapping/write-result';
import { ONNXRUNTIME_VERSION, threadsForMachine } from '../../onnx/classifier-session';
import { ClassifierWorker } from '../../onnx/classifier-worker';
import { appVersion } from '../../paths';
import { readLczMap } from '../../raster/read-lcz-map';
import { SceneReader } from '../../scenes/scene-reader';
import { checkSettings } from '../../scenes/scene-settings';
import { throwIfCancelled, type JobContext } from '../job-context';

/** Cells per model run: with 10 x 32 x 32 patches, 256 cells are 10 MB of input, enough to keep the cores busy. */
const BATCH_CELLS = 256;

/** The mapping job: scene + bundle(s) -> result folder (LCZ map, probabilities, confidence, summary). */
export async function runMapScene(params: MapSceneParams, ctx: JobContext): Promise<string[]> {
  if (!params.outDir) throw new Error('map job started without an output folder');
  const { signal } = ctx;
  ctx.progress({ stage: 'Opening the scene and models', done: 0, total: 1 });
  const reader = await SceneReader.open(params.scene, signal);
  const sessions: ClassifierWorker[] = [];
  try {
    checkSettings(reader.scene, params.settings);
    const bundles: Bundle[] = [];
    for (const dir of params.bundles) bundles.push(await readBundle(dir));
    const truth = params.truth ? await readLczMap(params.truth, signal) : null;
    for (const bundle of bundles) sessions.push(await ClassifierWorker.open(bundle, { threads: threadsForMachine() }));
    throwIfCancelled(signal);

    const mapping = await mapScene({
      reader,
      settings: params.settings,
      members: bundles.map((b, i) => ({ dir: b.dir, manifest: b.manifest, classifier: sessions[i]! })),
      resolutionM: params.resolutionM,
      tta: params.tta,
      fusion: params.fusion,
      batchCells: BATCH_CELLS,
      signal,
      onProgress: (p) => ctx.progress({ stage: 'Mapping', done: p.done, total: p.total, metrics: { patchesPerSecond: Math.round(p.patchesPerSecond) } }),
    });
    const { grid, fused } = mapping;
    const classes = params.filter ? modeFilter(fused.classes, grid.width, grid.height) : fused.classes;
    if (mapping.stats.predictedCells === 0) {
      throw new UserError('has no valid pixels under any output cell (is it all no data, or is the nodata value wrong?)', params.scene);
    }

    ctx.progress({ stage: 'Writing the result', done: 0, total: 1 });
    const name = params.name ?? basename(params.scene, extname(params.scene));
    const accuracy = truth ? { truthPath: truth.path, metrics: evaluateMap(resultLczMap(grid, classes, name), truth) } : null;
    const summary = resultSummary({
      id: randomUUID(),
      name,
      createdBy: `LCZ Studio ${appVersion()}`,
      synthetic: reader.scene.metadata.SYNTHETIC === 'YES',
      scenePath: reader.scene.path,
      settings: params.settings,
      models: bundles.map((b) => ({ dir: b.dir, manifest: b.manifest })),
      mappingSettings: { resolutionM: params.resolutionM, tta: params.tta, filter: params.filter, fusion: params.fusion },
      mapping,
      classes,
      engine: `onnxruntime-node ${ONNXRUNTIME_VERSION}, ${threadsForMachine()} threads`,
      accuracy,
    });
    const files = await writeResult(params.outDir, { grid, classes, fused, summary, report: resultReport, signal });
    ctx.progress({ stage: 'Done', done: 1, total: 1 });
    return files;
  } finally {
    await Promise.all(sessions.map((s) => s.dispose()));
    await reader.close();
  }
}
