/**
 * The WUDAPT workflow from start to finish: training areas over a scene are read and checked, cell features
 * computed, a random forest assessed by bootstrap and trained on every area, the scene mapped, the per-class Gaussian
 * filter applied, and the result written as every mapping result is (write-result.ts: LCZ COG + QGIS style,
 * probabilities, confidence, summary, report), so Results, Compare and Export take it; the raw map, the bootstrap
 * figures and the areas used are written beside them. Every face reaches it through the areas-map job.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { AreasAccuracy, AreasMapParams } from '../../shared/contract/areas';
import { UserError } from '../../shared/errors';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { evaluateMap } from '../evaluation/evaluate-map';
import { lockFolder } from '../files/folder-lock';
import { confidenceOfDrawnClasses } from '../mapping/drawn-class-confidence';
import { EnsembleFusion, finishFusion } from '../mapping/fusion';
import type { MappingContext } from '../mapping/map-scene';
import { resultSummary } from '../mapping/result-summary';
import { resultLczMap, writeResult } from '../mapping/write-result';
import { appVersion } from '../paths';
import { exportLczMap } from '../raster/export/export-lcz-map';
import { readLczMap } from '../raster/read-lcz-map';
import { SceneReader } from '../scenes/scene-reader';
import { checkSettings } from '../scenes/scene-settings';
import { areasReport } from './areas-report';
import { bootstrap, gatherRows, labelledCells } from './bootstrap';
import { areasToGeoJson } from './export-geojson';
import { gaussianFilter } from './gaussian-filter';
import { AREAS_MARGIN_M } from './grid-crop';
import { importAreas } from './import-areas';
import { FeatureCache } from './feature-cache';
import { prepareAreas, requireTrainable } from './prepare-areas';
import { RandomForest } from './random-forest';
import { AREAS_RESULT_FILES } from './result-files';


const ALL_CLASSES = Array.from({ length: LCZ_CLASS_COUNT }, (_, i) => i + 1);

export async function mapFromAreas(params: AreasMapParams, outDir: string, ctx: MappingContext): Promise<string[]> {
  const lock = await lockFolder(outDir, 'mapping');
  try {
    return await mapInto(params, outDir, ctx);
  } finally {
    await lock.release();
  }
}

async function mapInto(params: AreasMapParams, outDir: string, ctx: MappingContext): Promise<string[]> {
  const { signal } = ctx;
  const seconds = { features: 0, bootstrap: 0, map: 0 };
  let clock = performance.now();
  const lap = () => {
    const now = performance.now();
    const s = (now - clock) / 1000;
    clock = now;
    return s;
  };
  ctx.progress({ stage: 'Reading the training areas', done: 0, total: 1 });
  const { areas } = await importAreas(params.areas);
  const truth = params.truth ? await readLczMap(params.truth, signal) : null;
  const reader = await SceneReader.open(params.scene, signal);
  try {
    checkSettings(reader.scene, params.settings);
    const prepared = await prepareAreas(areas, reader, params.settings, {
      resolutionM: params.resolutionM,
      marginM: params.extent === 'areas' ? AREAS_MARGIN_M : null,
      signal,
      onProgress: (done, total) => ctx.progress({ stage: 'Computing cell features', done, total }),
      cache: new FeatureCache(params.cacheDir ?? null),
    });
    requireTrainable(prepared.check, params.areas);
    seconds.features = lap();
    const { grid, features } = prepared;
    const forest = { trees: params.trees, maxDepth: params.maxDepth, seed: params.seed };
    const assessed = bootstrap(features.table, prepared.areas, {
      runs: params.bootstrap,
      forest,
      seed: params.seed,
      signal,
      onRun: (done, total) => ctx.progress({ stage: 'Bootstrap', done, total }),
    });
    seconds.bootstrap = lap();

    ctx.progress({ stage: 'Training the final model and mapping', done: 0, total: 1 });
    const all = labelledCells(prepared.areas);
    const model = RandomForest.train(gatherRows(features.table, all.cells), all.labels, forest);
    signal.throwIfAborted();
    const cells = grid.width * grid.height;
    const validCells = Int32Array.from({ length: cells }, (_, i) => i).filter((i) => features.valid[i] === 1);
    const fusion = new EnsembleFusion(cells, 1);
    fusion.add(0, validCells, model.predictProbabilities(gatherRows(features.table, validCells)), ALL_CLASSES, 1);
    const raw = finishFusion(fusion);
    const filtered = confidenceOfDrawnClasses(raw, gaussianFilter(raw.classes, grid.width, grid.height, params.resolutionM));
    seconds.map = lap();
    if (validCells.length === 0) throw new UserError('has no valid pixels under any output cell (is it all no data, or is the nodata value wrong?)', params.scene);

    const name = params.name ?? `${basename(params.scene, extname(params.scene))} (training areas)`;
    const classes = filtered.fused.classes;
    const accuracy = truth ? { truthPath: truth.path, metrics: evaluateMap(resultLczMap(grid, classes, name), truth) } : null;
    const summary = resultSummary({
      id: randomUUID(),
      name,
      createdBy: `LCZ Studio ${appVersion()}`,
      synthetic: reader.scene.metadata.SYNTHETIC === 'YES',
      scenePath: reader.scene.path,
      settings: params.settings,
      models: [],
      mappingSettings: { resolutionM: params.resolutionM, tta: false, filter: true, fusion: 'sum-rule' },
      mapping: { grid, fused: raw, stats: { cells, predictedCells: validCells.length, patches: validCells.length, seconds: seconds.features + seconds.map, modelWaitSeconds: seconds.map } },
      classes,
      fused: filtered.fused,
      filterChangedCells: filtered.changedCells,
      engine: `random forest of ${params.trees} trees on ${features.names.length} cell features (LCZ Studio)`,
      accuracy,
    });
    summary.models = [
      { dir: params.areas, name: `Random forest (${params.trees} trees) on ${areas.length} training areas`, bands: params.settings.bands.filter((b): b is string => b !== null), patchSize: 1, resolutionM: params.resolutionM, temperature: 1 },
    ];
    const record: AreasAccuracy = {
      schemaVersion: 1,
      classifier: params.classifier,
      trees: params.trees,
      maxDepth: params.maxDepth,
      features: features.names,
      trainingCells: all.cells.length,
      classes: prepared.check.classes,
      runs: assessed.runs,
      meanConfusion: assessed.meanConfusion,
      meanF1: assessed.meanF1,
      suspicious: assessed.suspicious,
      problems: prepared.check.problems,
      seconds,
    };
    ctx.progress({ stage: 'Writing the result', done: 0, total: 1 });
    const files = await writeResult(outDir, {
      grid,
      classes,
      fused: filtered.fused,
      summary,
      report: (s) => areasReport(s, record, AREAS_RESULT_FILES),
      signal,
      extras: async (staging) => {
        await exportLczMap(resultLczMap(grid, raw.classes, `${name} (raw)`), join(staging, AREAS_RESULT_FILES.raw), {
          overviewResampling: 'mode',
          signal,
          description: `LCZ map of ${reader.scene.path} before the Gaussian filter, made by LCZ Studio from training areas`,
        });
        await writeFile(join(staging, AREAS_RESULT_FILES.accuracy), `${JSON.stringify(record, null, 2)}\n`);
        await writeFile(join(staging, AREAS_RESULT_FILES.areas), `${JSON.stringify(areasToGeoJson(areas))}\n`);
        return Object.values(AREAS_RESULT_FILES);
      },
    });
    ctx.progress({ stage: 'Done', done: 1, total: 1 });
    return files;
  } finally {
    await reader.close();
  }
}
