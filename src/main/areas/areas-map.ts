/**
 * The WUDAPT workflow from start to finish: training areas over a scene are read and checked, cell features
 * computed, a classifier (the random forest, forest-map.ts, or a CNN, cnn/cnn-map.ts) assessed by bootstrap and
 * trained on every area, the scene mapped, the per-class Gaussian
 * filter applied, and the result written as every mapping result is (write-result.ts: LCZ COG + QGIS style,
 * probabilities, confidence, summary, report), so Results, Compare and Export take it; the raw map, the bootstrap
 * figures and the areas used are written beside them. Every face reaches it through the areas-map job.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { areasCnnSettingsSchema, DEFAULT_BOOTSTRAP_RUNS, type AreasAccuracy, type AreasMapParams } from '../../shared/contract/areas';
import { UserError } from '../../shared/errors';
import { evaluateMap } from '../evaluation/evaluate-map';
import { lockFolder } from '../files/folder-lock';
import { confidenceOfDrawnClasses } from '../mapping/drawn-class-confidence';
import type { MappingContext } from '../mapping/map-scene';
import { resultSummary } from '../mapping/result-summary';
import { resultLczMap, writeResult } from '../mapping/write-result';
import { appVersion } from '../paths';
import { exportLczMap } from '../raster/export/export-lcz-map';
import { readLczMap } from '../raster/read-lcz-map';
import { SceneReader } from '../scenes/scene-reader';
import { checkSettings } from '../scenes/scene-settings';
import { areasReport } from './areas-report';
import type { ClassifiedScene } from './classified-scene';
import { cnnMap } from './cnn/cnn-map';
import { cnnStart, type CnnStart } from './cnn/cnn-start';
import { areasToGeoJson } from './export-geojson';
import { gaussianFilter } from './gaussian-filter';
import { AREAS_MARGIN_M } from './grid-crop';
import { importAreas } from './import-areas';
import { FeatureCache } from './feature-cache';
import { forestMap } from './forest-map';
import { prepareAreas, requireTrainable } from './prepare-areas';
import { AREAS_RESULT_FILES } from './result-files';
import { sen2Sources } from '../so2sat/cut/cut-patches';
import { STAGING_PREFIX } from '../mapping/write-result';

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
  const runs = params.bootstrap ?? DEFAULT_BOOTSTRAP_RUNS[params.classifier];
  const reader = await SceneReader.open(params.scene, signal);
  let start: CnnStart | null = null;
  // The CNN's work folder: named as a staging folder of this process, so writeResult removes it if this one dies.
  const workDir = join(outDir, `${STAGING_PREFIX}${process.pid}-cnn`);
  try {
    checkSettings(reader.scene, params.settings);
    const cnn = params.classifier === 'cnn' ? (params.cnn ?? areasCnnSettingsSchema.parse({})) : null;
    if (cnn) {
      // What the CNN cannot use is said before the features are computed: a scene without the So2Sat bands, a bundle.
      sen2Sources(params.settings, params.scene);
      start = await cnnStart(cnn, { path: params.scene, settings: params.settings });
    }
    const prepared = await prepareAreas(areas, reader, params.settings, {
      resolutionM: params.resolutionM,
      marginM: params.extent === 'areas' ? AREAS_MARGIN_M : null,
      signal,
      onProgress: (done, total) => ctx.progress({ stage: 'Computing cell features', done, total }),
      cache: new FeatureCache(params.cacheDir ?? null),
    });
    requireTrainable(prepared.check, params.areas);
    seconds.features = lap();
    const { grid } = prepared;
    let made: ClassifiedScene;
    if (cnn && start) {
      await mkdir(workDir, { recursive: true });
      made = await cnnMap({ params, cnn, start, reader, prepared, runs, workDir, outDir, ctx });
    } else made = forestMap(prepared, params, runs, ctx);
    const raw = made.raw;
    const filtered = confidenceOfDrawnClasses(raw, gaussianFilter(raw.classes, grid.width, grid.height, params.resolutionM));
    seconds.map = lap();
    if (made.stats.predictedCells === 0) throw new UserError('has no valid pixels under any output cell (is it all no data, or is the nodata value wrong?)', params.scene);

    const name = params.name ?? `${basename(params.scene, extname(params.scene))} (training areas, ${params.classifier === 'cnn' ? 'CNN' : 'random forest'})`;
    const classes = filtered.fused.classes;
    const accuracy = truth ? { truthPath: truth.path, metrics: evaluateMap(resultLczMap(grid, classes, name), truth) } : null;
    const summary = resultSummary({
      id: randomUUID(),
      name,
      createdBy: `LCZ Studio ${appVersion()}`,
      synthetic: reader.scene.metadata.SYNTHETIC === 'YES',
      scenePath: reader.scene.path,
      settings: params.settings,
      models: made.model.kind === 'bundle' ? [{ dir: made.model.dir, manifest: made.model.manifest }] : [],
      mappingSettings: { resolutionM: params.resolutionM, tta: false, filter: true, fusion: 'sum-rule' },
      mapping: { grid, fused: raw, stats: made.stats },
      classes,
      fused: filtered.fused,
      filterChangedCells: filtered.changedCells,
      engine: made.engine,
      accuracy,
    });
    if (made.model.kind === 'forest') summary.models = [{ dir: params.areas, name: made.model.name, bands: made.model.bands, patchSize: made.model.patchSize, resolutionM: made.model.resolutionM, temperature: 1 }];
    // The classifier's time (bootstrap, final training, the CNN's patches) less its map of the grid, and that map's.
    seconds.bootstrap = Math.max(0, seconds.map - made.stats.seconds);
    seconds.map = made.stats.seconds;
    const assessed = made.assessed;
    const record: AreasAccuracy = {
      schemaVersion: 1,
      classifier: params.classifier,
      trees: made.cnn ? null : params.trees,
      maxDepth: made.cnn ? null : params.maxDepth,
      features: made.features,
      cnn: made.cnn,
      trainingCells: made.trainingCells,
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
        return [...Object.values(AREAS_RESULT_FILES), ...(await made.extras(staging))];
      },
    });
    ctx.progress({ stage: 'Done', done: 1, total: 1 });
    return files;
  } finally {
    start?.dispose();
    await rm(workDir, { recursive: true, force: true });
    await reader.close();
  }
}
