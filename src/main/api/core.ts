import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { contract, isContractKey, type Contract, type ContractKey, type Face, type JobRequest, type OutputOf, type WireError } from '../../shared/contract';
import type { ZodType } from 'zod';
import { parseOrExplain, UserError } from '../../shared/errors';
import { JobManager } from '../jobs/job-manager';
import { jobTarget } from '../jobs/kinds/targets';
import { readModelComparison } from '../evaluation/read-model-comparison';
import { checkJobOutputs } from '../jobs/preflight';
import { demoMapPath } from '../paths';
import type { Workspace } from '../workspace/workspace';
import { AreasService } from './areas-service';
import { BasemapService } from './basemap-service';
import { BundlesService } from './bundles-service';
import { CompareService, comparisonsDir } from './compare-service';
import { MapsService } from './maps-service';
import { MetisService } from './metis-service';
import { ModelImportService } from './model-import-service';
import { describeRaster, probeRaster } from './probe-raster';
import type { RequestContext } from './request-context';
import { ResultsService } from './results-service';
import { ScenesService, demoScenePath } from './scenes-service';
import { SessionService } from './session-service';
import { TrainingService } from './training-service';
import type { z } from 'zod';

type Parsed<K extends ContractKey> = z.infer<Contract[K]['input']>;
type Handlers = { [K in ContractKey]: (input: Parsed<K>, context: RequestContext) => Promise<OutputOf<K>> };

/** Native file dialogs: only the Electron face has them. */
export interface Dialogs {
  openFile(title: string): Promise<string | null>;
  saveFile(title: string, defaultPath: string): Promise<string | null>;
}

export interface CoreOptions {
  face: Face;
  version: string;
  workspace: Workspace;
  dialogs?: Dialogs;
}

/** The core behind every face: validates each request against the contract and hands it to the service that owns it. */
export class Core {
  readonly jobs = new JobManager();
  private readonly handlers: Handlers;

  constructor(private readonly options: CoreOptions) {
    const { workspace } = options;
    const maps = new MapsService(workspace);
    const scenes = new ScenesService(workspace);
    const bundles = new BundlesService(workspace, scenes);
    const results = new ResultsService(workspace);
    const training = new TrainingService(workspace);
    const session = new SessionService(workspace);
    const imports = new ModelImportService(workspace);
    const compare = new CompareService(workspace);
    const metis = new MetisService(workspace, bundles, scenes);
    const areas = new AreasService(workspace, scenes);
    const basemap = new BasemapService(workspace, options.version);
    this.handlers = {
      'app/info': async () => ({
        version: options.version,
        face: options.face,
        workspace: workspace.root,
        demoMapPath: demoMapPath(),
        demoSceneDir: workspace.demoDir,
        nativeDialogs: Boolean(options.dialogs),
      }),
      'maps/open': (input) => maps.openMap(input.path),
      'maps/inspect': async (input) => maps.inspect(input.mapId, input.lon, input.lat),
      'maps/evaluate': (input) => maps.evaluate(input.map, input.truth),
      'maps/recent': () => workspace.recentMaps(),
      'rasters/probe': (input) => probeRaster(input.path),
      'rasters/info': (input, context) => describeRaster(resolve(input.path), context.signal),
      'scenes/open': (input) => scenes.openScene(input.path),
      'scenes/configure': (input) => scenes.configure(input.sceneId, input.settings),
      'scenes/settings': (input) => scenes.settingsFor(input.path, input.overrides),
      'scenes/demo': async () => {
        const path = await demoScenePath(workspace);
        return { path, ready: existsSync(path) };
      },
      'bundles/list': () => bundles.list(),
      'bundles/import-plan': (input) => imports.plan(input.path, input.answers, input.out),
      'bundles/import': (input) => imports.import(input),
      'mapping/check': async (input) => ({ problems: await bundles.check(input.sceneId, input.bundles, { bandEquivalence: input.bandEquivalence ?? false }) }),
      'results/list': () => results.list(),
      'results/open': (input) => results.openResult(input.dir),
      'results/summary': (input) => results.summary(input.dir),
      'results/probe': async (input) => results.probe(input.resultId, input.lon, input.lat),
      'runs/list': () => training.listRuns(),
      'runs/get': (input) => training.getRun(input.dir),
      'datasets/inspect': (input, context) => training.inspectDataset(input.path, { statistics: input.statistics }, context),
      'datasets/demo': async () => training.demoDataset(),
      'areas/import': (input) => areas.import(input.path),
      'areas/check': (input, context) => areas.check(input.areas, input.scene, input.resolutionM, context),
      'areas/save': (input) => areas.save(input.name, input.areas),
      'areas/list': () => areas.list(),
      'areas/export': (input) => areas.export(input.areas, input.path, input.format, input.city),
      'areas/result': (input) => areas.result(input.dir),
      'session/get': () => session.get(),
      'session/set': async (input) => {
        await session.set(input);
        return {};
      },
      'compare/list': () => compare.list(),
      'compare/summary': (input) => compare.summary(input.dir),
      'compare/open': (input) => compare.openComparison(input.dir),
      'compare/probe': async (input) => compare.probe(input.comparisonId, input.lon, input.lat),
      'metis/status': () => metis.status(),
      'metis/check': (input) => metis.check(input.bundle),
      'metis/bundles': () => metis.listBundles(),
      'metis/plan': (input) => metis.plan(input.bundle),
      'metis/deployment': (input) => metis.deployment(input.dir),
      'metis/deployments': (input) => metis.deployments(input.bundle),
      'metis/new-log': async () => ({ file: metis.newLog() }),
      'metis/log': (input) => metis.log(input.file),
      'models/comparison': (input) => readModelComparison(resolve(input.dir)),
      'basemap/settings': () => basemap.settings(),
      'basemap/configure': (input) => basemap.configure(input.custom),
      'basemap/tile': (input) => basemap.tile(input),
      'jobs/start': async (request) => {
        const placed = this.placeOutputs(request);
        await checkJobOutputs(placed); // an output that cannot be written is refused now, not after the work
        return { jobId: this.jobs.start(placed), target: jobTarget(placed) };
      },
      'jobs/cancel': async (input) => ({ ok: this.jobs.cancel(input.jobId) }),
      'jobs/list': async () => this.jobs.list(),
      'dialog/open-file': async (input) => ({ path: (await this.requireDialogs().openFile(input.title)) ?? null }),
      'dialog/save-file': async (input) => ({ path: (await this.requireDialogs().saveFile(input.title, input.defaultPath)) ?? null }),
    };
  }

  /**
   * Validates and runs one request from any face. Throws UserError for anything the caller got wrong. The context
   * (cancel, progress) is for requests that take long without being jobs; faces that cannot pass it leave it out.
   */
  async handle(key: string, input: unknown, context: RequestContext = {}): Promise<unknown> {
    if (!isContractKey(key)) throw new UserError(`Unknown request "${key}".`);
    const parsed: unknown = parseOrExplain(contract[key].input as ZodType, input, `Invalid request "${key}"`);
    const handler = this.handlers[key] as (input: unknown, context: RequestContext) => Promise<unknown>;
    return handler(parsed, context);
  }

  /** A mapping or a training run started from the app without a folder gets a new one in the workspace. */
  private placeOutputs(request: JobRequest): JobRequest {
    const { workspace } = this.options;
    const fresh = (dir: string) => join(dir, `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${randomUUID().slice(0, 6)}`);
    if (request.kind === 'map' && !request.params.outDir) return { ...request, params: { ...request.params, outDir: fresh(workspace.resultsDir) } };
    if (request.kind === 'train' && !request.params.runDir) return { ...request, params: { ...request.params, runDir: fresh(workspace.runsDir) } };
    if (request.kind === 'distill' && !request.params.runDir) return { ...request, params: { ...request.params, runDir: fresh(workspace.runsDir) } };
    if (request.kind === 'compare' && !request.params.outDir) return { ...request, params: { ...request.params, outDir: fresh(comparisonsDir(workspace)) } };
    if (request.kind === 'areas-map') {
      const { outDir, cacheDir } = request.params;
      return { ...request, params: { ...request.params, outDir: outDir ?? fresh(workspace.resultsDir), cacheDir: cacheDir ?? AreasService.featureCacheIn(workspace) } };
    }
    return request;
  }

  private requireDialogs(): Dialogs {
    if (!this.options.dialogs) throw new UserError('File dialogs are only available in the desktop app; type a path instead.');
    return this.options.dialogs;
  }
}

/** How any error crosses a face: user errors as they are, bugs as an internal error (and logged). */
export function toWireError(error: unknown): WireError {
  if (error instanceof UserError) return { message: error.message, ...(error.file ? { file: error.file } : {}) };
  console.error(error);
  return { message: `Internal error: ${error instanceof Error ? error.message : String(error)}` };
}
