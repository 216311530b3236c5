import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { contract, isContractKey, type Contract, type ContractKey, type JobRequest, type OutputOf, type WireError } from '../../shared/contract';
import type { ZodType } from 'zod';
import { parseOrExplain, UserError } from '../../shared/errors';
import { JobManager } from '../jobs/job-manager';
import { checkJobOutputs } from '../jobs/preflight';
import { demoMapPath } from '../paths';
import type { Workspace } from '../workspace/workspace';
import { BundlesService } from './bundles-service';
import { MapsService } from './maps-service';
import { probeRaster } from './probe-raster';
import { ResultsService } from './results-service';
import { ScenesService, demoScenePath } from './scenes-service';
import { SessionService } from './session-service';
import { TrainingService } from './training-service';
import type { z } from 'zod';

type Parsed<K extends ContractKey> = z.infer<Contract[K]['input']>;
type Handlers = { [K in ContractKey]: (input: Parsed<K>) => Promise<OutputOf<K>> };

/** Native file dialogs: only the Electron face has them. */
export interface Dialogs {
  openFile(title: string): Promise<string | null>;
  saveFile(title: string, defaultPath: string): Promise<string | null>;
}

export interface CoreOptions {
  face: 'electron' | 'browser';
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
      'maps/recent': () => workspace.recentMaps(),
      'rasters/probe': (input) => probeRaster(input.path),
      'scenes/open': (input) => scenes.openScene(input.path),
      'scenes/configure': (input) => scenes.configure(input.sceneId, input.settings),
      'scenes/demo': async () => ({ path: demoScenePath(workspace), ready: existsSync(demoScenePath(workspace)) }),
      'bundles/list': () => bundles.list(),
      'mapping/check': async (input) => ({ problems: await bundles.check(input.sceneId, input.bundles) }),
      'results/list': () => results.list(),
      'results/open': (input) => results.openResult(input.dir),
      'results/probe': async (input) => results.probe(input.resultId, input.lon, input.lat),
      'runs/list': () => training.listRuns(),
      'runs/get': (input) => training.getRun(input.dir),
      'datasets/inspect': (input) => training.inspectDataset(input.path),
      'datasets/demo': async () => training.demoDataset(),
      'session/get': () => session.get(),
      'session/set': async (input) => {
        await session.set(input);
        return {};
      },
      'jobs/start': async (request) => {
        const placed = this.placeOutputs(request);
        await checkJobOutputs(placed); // an output that cannot be written is refused now, not after the work
        return { jobId: this.jobs.start(placed) };
      },
      'jobs/cancel': async (input) => ({ ok: this.jobs.cancel(input.jobId) }),
      'jobs/list': async () => this.jobs.list(),
      'dialog/open-file': async (input) => ({ path: (await this.requireDialogs().openFile(input.title)) ?? null }),
      'dialog/save-file': async (input) => ({ path: (await this.requireDialogs().saveFile(input.title, input.defaultPath)) ?? null }),
    };
  }

  /** Validates and runs one request from any face. Throws UserError for anything the caller got wrong. */
  async handle(key: string, input: unknown): Promise<unknown> {
    if (!isContractKey(key)) throw new UserError(`Unknown request "${key}".`);
    const parsed: unknown = parseOrExplain(contract[key].input as ZodType, input, `Invalid request "${key}"`);
    const handler = this.handlers[key] as (input: unknown) => Promise<unknown>;
    return handler(parsed);
  }

  /** A mapping or a training run started from the app without a folder gets a new one in the workspace. */
  private placeOutputs(request: JobRequest): JobRequest {
    const { workspace } = this.options;
    const fresh = (dir: string) => join(dir, `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${randomUUID().slice(0, 6)}`);
    if (request.kind === 'map' && !request.params.outDir) return { ...request, params: { ...request.params, outDir: fresh(workspace.resultsDir) } };
    if (request.kind === 'train' && !request.params.runDir) return { ...request, params: { ...request.params, runDir: fresh(workspace.runsDir) } };
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
