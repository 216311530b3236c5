import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { ZodError } from 'zod';
import { contract, isContractKey, type Contract, type ContractKey, type OutputOf, type WireError } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { JobManager } from '../jobs/job-manager';
import { demoMapPath } from '../paths';
import { classAreas } from '../raster/area';
import { lonLatBounds, warpForDisplay } from '../raster/display-grid';
import { inspectAt } from '../raster/inspect';
import type { LczMap } from '../raster/lcz-map';
import { readLczMap } from '../raster/read-lcz-map';
import type { Workspace } from '../workspace/workspace';
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

/** Maps kept in memory for inspection; older ones are dropped (they reopen from disk). */
const OPEN_MAP_LIMIT = 8;

/** The core behind every face: validates each request against the contract and runs it. */
export class Core {
  readonly jobs = new JobManager();
  private readonly maps = new Map<string, LczMap>();
  private readonly handlers: Handlers;

  constructor(private readonly options: CoreOptions) {
    this.handlers = {
      'app/info': async () => ({
        version: options.version,
        face: options.face,
        workspace: options.workspace.root,
        demoMapPath: demoMapPath(),
        nativeDialogs: Boolean(options.dialogs),
      }),
      'maps/open': (input) => this.openMap(input.path),
      'maps/inspect': async (input) => inspectAt(this.mapById(input.mapId), input.lon, input.lat),
      'maps/recent': () => options.workspace.recentMaps(),
      'jobs/start': async (request) => ({ jobId: this.jobs.start(request) }),
      'jobs/cancel': async (input) => ({ ok: this.jobs.cancel(input.jobId) }),
      'jobs/list': async () => this.jobs.list(),
      'dialog/open-file': async (input) => ({ path: (await this.requireDialogs().openFile(input.title)) ?? null }),
      'dialog/save-file': async (input) => ({ path: (await this.requireDialogs().saveFile(input.title, input.defaultPath)) ?? null }),
    };
  }

  /** Validates and runs one request from any face. Throws UserError for anything the caller got wrong. */
  async handle(key: string, input: unknown): Promise<unknown> {
    if (!isContractKey(key)) throw new UserError(`Unknown request "${key}".`);
    let parsed: unknown;
    try {
      parsed = contract[key].input.parse(input);
    } catch (error) {
      if (error instanceof ZodError) throw new UserError(`Invalid request "${key}": ${error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
      throw error;
    }
    const handler = this.handlers[key] as (input: unknown) => Promise<unknown>;
    return handler(parsed);
  }

  private async openMap(path: string): Promise<OutputOf<'maps/open'>> {
    const absolute = resolve(path);
    const map = await readLczMap(absolute);
    const id = randomUUID();
    this.maps.set(id, map);
    for (const old of this.maps.keys()) if (this.maps.size > OPEN_MAP_LIMIT) this.maps.delete(old);
    const synthetic = absolute === demoMapPath();
    if (!synthetic) await this.options.workspace.rememberMap(absolute);
    const { areas, totalKm2 } = classAreas(map);
    return {
      id,
      name: synthetic ? 'Synthetic demo city' : basename(absolute),
      path: absolute,
      synthetic,
      width: map.width,
      height: map.height,
      sourceDtype: map.sourceDtype,
      sourceNodata: map.sourceNodata,
      crs: map.crs,
      geoTransform: [...map.geoTransform] as OutputOf<'maps/open'>['geoTransform'],
      bounds: [...lonLatBounds(map)] as OutputOf<'maps/open'>['bounds'],
      areas,
      totalKm2,
      notes: map.notes,
      display: warpForDisplay(map),
    };
  }

  private mapById(id: string): LczMap {
    const map = this.maps.get(id);
    if (!map) throw new UserError('This map is no longer open; open it again.');
    return map;
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
