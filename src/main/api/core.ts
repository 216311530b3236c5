import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { contract, isContractKey, type Contract, type ContractKey, type Face, type JobRequest, type OutputOf, type WireError } from '../../shared/contract';
import type { ZodType } from 'zod';
import { parseOrExplain, UserError } from '../../shared/errors';
import { JobManager } from '../jobs/job-manager';
import { jobTarget } from '../jobs/kinds/targets';
import { checkJobOutputs } from '../jobs/preflight';
import { demoMapPath } from '../paths';
import type { Workspace } from '../workspace/workspace';
import type { RequestContext } from './request-context';
import type { z } from 'zod';

type Parsed<K extends ContractKey> = z.infer<Contract[K]['input']>;
type Handlers = { [K in ContractKey]: (input: Parsed<K>, context: RequestContext) => Promise<OutputOf<K>> };

/** `make`, run on the first call only; later calls share its answer. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

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
    // Each service is imported and built on first use: a command or a job process needs one or two, and each pulls
    // in its own domain (ONNX Runtime, HDF5, GDAL, TensorFlow.js...), which would otherwise load at every start.
    const maps = once(async () => new (await import('./maps-service')).MapsService(workspace));
    const scenes = once(async () => new (await import('./scenes-service')).ScenesService(workspace));
    const bundles = once(async () => new (await import('./bundles-service')).BundlesService(workspace, await scenes()));
    const results = once(async () => new (await import('./results-service')).ResultsService(workspace));
    const training = once(async () => new (await import('./training-service')).TrainingService(workspace));
    const session = once(async () => new (await import('./session-service')).SessionService(workspace));
    const imports = once(async () => new (await import('./model-import-service')).ModelImportService(workspace));
    const compare = once(async () => new (await import('./compare-service')).CompareService(workspace));
    const metis = once(async () => new (await import('./metis-service')).MetisService(workspace, await bundles(), await scenes()));
    const areas = once(async () => new (await import('./areas-service')).AreasService(workspace, await scenes()));
    const basemap = once(async () => new (await import('./basemap-service')).BasemapService(workspace, options.version));
    const rasters = once(() => import('./probe-raster'));
    this.handlers = {
      'app/info': async () => ({
        version: options.version,
        face: options.face,
        workspace: workspace.root,
        demoMapPath: demoMapPath(),
        demoSceneDir: workspace.demoDir,
        nativeDialogs: Boolean(options.dialogs),
      }),
      'maps/open': async (input) => (await maps()).openMap(input.path),
      'maps/inspect': async (input) => (await maps()).inspect(input.mapId, input.lon, input.lat),
      'maps/evaluate': async (input) => (await maps()).evaluate(input.map, input.truth),
      'maps/recent': async () => workspace.recentMaps(),
      'rasters/probe': async (input) => (await rasters()).probeRaster(input.path),
      'rasters/info': async (input, context) => (await rasters()).describeRaster(resolve(input.path), context.signal),
      'scenes/open': async (input) => (await scenes()).openScene(input.path),
      'scenes/configure': async (input) => (await scenes()).configure(input.sceneId, input.settings),
      'scenes/settings': async (input) => (await scenes()).settingsFor(input.path, input.overrides),
      'scenes/demo': async () => {
        const path = await (await import('./scenes-service')).demoScenePath(workspace);
        return { path, ready: existsSync(path) };
      },
      'bundles/list': async () => (await bundles()).list(),
      'bundles/import-plan': async (input) => (await imports()).plan(input.path, input.answers, input.out),
      'bundles/import': async (input) => (await imports()).import(input),
      'mapping/check': async (input) => ({ problems: await (await bundles()).check(input.sceneId, input.bundles, { bandEquivalence: input.bandEquivalence ?? false }) }),
      'results/list': async () => (await results()).list(),
      'results/open': async (input) => (await results()).openResult(input.dir),
      'results/summary': async (input) => (await results()).summary(input.dir),
      'results/probe': async (input) => (await results()).probe(input.resultId, input.lon, input.lat),
      'runs/list': async () => (await training()).listRuns(),
      'runs/get': async (input) => (await training()).getRun(input.dir),
      'datasets/inspect': async (input, context) => (await training()).inspectDataset(input.path, { statistics: input.statistics }, context),
      'datasets/demo': async () => (await training()).demoDataset(),
      'areas/import': async (input) => (await areas()).import(input.path),
      'areas/check': async (input, context) => (await areas()).check(input.areas, input.scene, input.resolutionM, context),
      'areas/save': async (input) => (await areas()).save(input.name, input.areas),
      'areas/list': async () => (await areas()).list(),
      'areas/export': async (input) => (await areas()).export(input.areas, input.path, input.format, input.city),
      'areas/result': async (input) => (await areas()).result(input.dir),
      'session/get': async () => (await session()).get(),
      'session/set': async (input) => {
        await (await session()).set(input);
        return {};
      },
      'compare/list': async () => (await compare()).list(),
      'compare/summary': async (input) => (await compare()).summary(input.dir),
      'compare/open': async (input) => (await compare()).openComparison(input.dir),
      'compare/probe': async (input) => (await compare()).probe(input.comparisonId, input.lon, input.lat),
      'metis/status': async () => (await metis()).status(),
      'metis/check': async (input) => (await metis()).check(input.bundle),
      'metis/bundles': async () => (await metis()).listBundles(),
      'metis/plan': async (input) => (await metis()).plan(input.bundle),
      'metis/deployment': async (input) => (await metis()).deployment(input.dir),
      'metis/deployments': async (input) => (await metis()).deployments(input.bundle),
      'metis/new-log': async () => ({ file: (await metis()).newLog() }),
      'metis/log': async (input) => (await metis()).log(input.file),
      'models/comparison': async (input) => (await import('../evaluation/read-model-comparison')).readModelComparison(resolve(input.dir)),
      'basemap/settings': async () => (await basemap()).settings(),
      'basemap/configure': async (input) => (await basemap()).configure(input.custom),
      'basemap/tile': async (input) => (await basemap()).tile(input),
      'jobs/start': async (request) => {
        const placed = await this.placeOutputs(request);
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
  private async placeOutputs(request: JobRequest): Promise<JobRequest> {
    const { workspace } = this.options;
    const fresh = (dir: string) => join(dir, `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${randomUUID().slice(0, 6)}`);
    if (request.kind === 'map' && !request.params.outDir) return { ...request, params: { ...request.params, outDir: fresh(workspace.resultsDir) } };
    if (request.kind === 'train' && !request.params.runDir) return { ...request, params: { ...request.params, runDir: fresh(workspace.runsDir) } };
    if (request.kind === 'distill' && !request.params.runDir) return { ...request, params: { ...request.params, runDir: fresh(workspace.runsDir) } };
    if (request.kind === 'compare' && !request.params.outDir) return { ...request, params: { ...request.params, outDir: fresh(workspace.comparisonsDir) } };
    if (request.kind === 'areas-map') {
      const { outDir, cacheDir } = request.params;
      const featureCache = cacheDir ?? (await import('../areas/feature-cache')).FeatureCache.folderIn(workspace.root);
      return { ...request, params: { ...request.params, outDir: outDir ?? fresh(workspace.resultsDir), cacheDir: featureCache } };
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
