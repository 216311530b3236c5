/**
 * The mapping of a scene into a result folder, from start to finish: the scene and the models opened and checked,
 * the output grid computed once and the batches planned from it for this machine, every cell mapped (map-grid.ts),
 * the optional majority filter, the accuracy against a reference map, and the result written (write-result.ts).
 * Every face reaches it through the map job (jobs/kinds/map-scene.ts), which only hands it the job's signal and
 * progress.
 */
import { randomUUID } from 'node:crypto';
import { totalmem } from 'node:os';
import { basename, extname } from 'node:path';
import type { JobProgress, MapSceneParams } from '../../shared/contract/jobs';
import type { ResultDevice } from '../../shared/contract/metis';
import type { Fusion } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { readBundle, type Bundle } from '../bundles/bundle-io';
import { evaluateMap } from '../evaluation/evaluate-map';
import { lockFolder } from '../files/folder-lock';
import { threadsForMachine } from '../onnx/classifier-session';
import { appVersion } from '../paths';
import type { LczMap } from '../raster/lcz-map';
import { readLczMap } from '../raster/read-lcz-map';
import { SceneReader } from '../scenes/scene-reader';
import { checkSettings } from '../scenes/scene-settings';
import { planBatches } from './batch-budget';
import { confidenceOfDrawnClasses } from './drawn-class-confidence';
import { defaultFusion } from './fusion-choice';
import { mapGrid, type SceneMapping } from './map-grid';
import { modeFilter } from './mode-filter';
import { outputGrid, type OutputGrid } from './output-grid';
import { openPatchModels, type PatchModels } from './patch-models';
import { prepareScene } from './prepare-scene';
import { resultReport, resultSummary, type SummaryInput } from './result-summary';
import { TTA_VIEW_COUNT } from './tta';
import { resultLczMap, writeResult, type ResultContent } from './write-result';

/** What the mapping gets from whoever runs it: the job process, or a test. */
export interface MappingContext {
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

/** Bytes of one raw sample of each scene data type (for the memory estimate). */
const SAMPLE_BYTES: Record<string, number> = { Byte: 1, UInt16: 2, Int16: 2, UInt32: 4, Int32: 4, Float32: 4, Float64: 8 };

/** Maps a scene with one bundle or an ensemble into `outDir`; returns the files written. */
export async function mapScene(params: MapSceneParams, outDir: string, ctx: MappingContext): Promise<string[]> {
  // The only mapping writing this folder, from the start: a second one is refused now, not after its whole work.
  const lock = await lockFolder(outDir, 'mapping');
  try {
    return await mapInto(params, outDir, ctx);
  } finally {
    await lock.release();
  }
}

/** Cells per model run for this machine, these models and this grid: as many as the cores want, as few as memory needs. */
export function batchCellsFor(reader: SceneReader, bundles: readonly Bundle[], grid: OutputGrid, tta: boolean, threads: number): number {
  return planBatches({
    threads,
    views: tta ? TTA_VIEW_COUNT : 1,
    patchLengths: bundles.map((b) => b.manifest.bands.length * b.manifest.input.patchSize ** 2),
    cells: grid.width * grid.height,
    sampleBytes: SAMPLE_BYTES[reader.scene.dtype] ?? 8,
    machineBytes: totalmem(),
  }).batchCells;
}

async function mapInto(params: MapSceneParams, outDir: string, ctx: MappingContext): Promise<string[]> {
  const { signal } = ctx;
  ctx.progress({ stage: 'Opening the scene and models', done: 0, total: 1 });
  const reader = await SceneReader.open(params.scene, signal, { aoi: params.settings.aoi });
  // One model thread (or one card) for the whole mapping: members are loaded into it one after another (see map-grid.ts).
  let models: PatchModels | null = null;
  try {
    checkSettings(reader.scene, params.settings);
    const bundles: Bundle[] = [];
    for (const dir of params.bundles) bundles.push(await readBundle(dir));
    // Bands by equivalence, and the scene's pixels checked against every model, before any work (prepare-scene.ts).
    ctx.progress({ stage: 'Checking the scene', done: 0, total: 1 });
    const prepared = await prepareScene(reader, params.settings, bundles, params.bandEquivalence, signal);
    const truth = params.truth ? await readLczMap(params.truth, signal) : null;
    const fusion = params.fusion ?? defaultFusion(bundles.map((b) => b.manifest));
    const threads = threadsForMachine();
    const grid = outputGrid(reader.scene, params.resolutionM);
    const batchCells = batchCellsFor(reader, bundles, grid, params.tta, threads);
    signal.throwIfAborted();
    models = await openPatchModels(params, bundles, threads);
    const open = models;

    const mapping = await mapGrid({
      reader: prepared.reader,
      settings: prepared.settings,
      grid,
      members: bundles.map((b) => ({ dir: b.dir, manifest: b.manifest })),
      loadModel: (_member, index) => open.load(bundles[index]!),
      tta: params.tta,
      fusion,
      batchCells,
      signal,
      onProgress: (p) => ctx.progress({ stage: 'Mapping', done: p.done, total: p.total, metrics: { patchesPerSecond: Math.round(p.patchesPerSecond) } }),
    });
    if (mapping.stats.predictedCells === 0) {
      throw new UserError('has no valid pixels under any output cell (is it all no data, or is the nodata value wrong?)', params.scene);
    }

    ctx.progress({ stage: 'Writing the result', done: 0, total: 1 });
    const engine = open.engine(batchCells);
    const files = await writeResult(outDir, { ...resultOf(params, reader, bundles, mapping, { fusion, truth, engine, device: open.device, checks: { equivalence: prepared.equivalence, sceneCheck: prepared.sceneCheck, product: reader.scene.product ?? null } }), signal });
    ctx.progress({ stage: 'Done', done: 1, total: 1 });
    return files;
  } finally {
    await (models as PatchModels | null)?.dispose();
    await reader.close();
  }
}

/** The result of a mapping as written: the classes after the optional majority filter, their confidence, the summary. */
function resultOf(
  params: MapSceneParams,
  reader: SceneReader,
  bundles: readonly Bundle[],
  mapping: SceneMapping,
  run: { fusion: Fusion; truth: LczMap | null; engine: string; device: ResultDevice | null; checks: SummaryInput['checks'] },
): Omit<ResultContent, 'signal'> {
  const { grid } = mapping;
  const filtered = params.filter ? confidenceOfDrawnClasses(mapping.fused, modeFilter(mapping.fused.classes, grid.width, grid.height)) : null;
  const fused = filtered?.fused ?? mapping.fused;
  const { classes } = fused;
  const name = params.name ?? basename(params.scene, extname(params.scene));
  const accuracy = run.truth ? { truthPath: run.truth.path, metrics: evaluateMap(resultLczMap(grid, classes, name), run.truth) } : null;
  const summary = resultSummary({
    id: randomUUID(),
    name,
    createdBy: `LCZ Studio ${appVersion()}`,
    synthetic: reader.scene.metadata.SYNTHETIC === 'YES',
    scenePath: reader.scene.path,
    settings: params.settings,
    models: bundles.map((b) => ({ dir: b.dir, manifest: b.manifest })),
    mappingSettings: { resolutionM: params.resolutionM, tta: params.tta, filter: params.filter, fusion: run.fusion },
    mapping,
    classes,
    fused,
    filterChangedCells: filtered?.changedCells ?? null,
    engine: run.engine,
    device: run.device,
    accuracy,
    checks: run.checks,
  });
  return { grid, classes, fused, summary, report: resultReport };
}
