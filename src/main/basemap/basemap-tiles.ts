import { createHash } from 'node:crypto';
import type { TileAnswer, TileSource } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { fetchTile } from './fetch-tile';
import { openPmtilesBasemap, type PmtilesBasemap } from './pmtiles-file';
import { TileCache } from './tile-cache';
import { tileImageType, type TileContentType } from './tile-image';
import { tileUrl } from './tile-source';

export interface BasemapTilesOptions {
  cacheDir: string;
  maxCacheBytes: number;
  userAgent: string;
  timeoutMs?: number;
  /** A cached tile younger than this is served without asking the server (OpenStreetMap asks for at least 7 days). */
  freshForMs?: number;
  /** After a server failed, tiles are not asked of it again for this long (the map asks for dozens at once). */
  retryAfterMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function tileAnswer(bytes: Uint8Array, contentType: TileContentType, from: 'server' | 'cache' | 'stale-cache' | 'file'): TileAnswer {
  return { kind: 'tile', contentType, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'), from };
}

/**
 * The basemap's tiles, for every face: from a tile server through the cache in the workspace, or from a local
 * PMTiles archive. A source that fails gives an answer that says why (never an exception), so the page shows the
 * offline outline and goes on; cached tiles are still served, even past their freshness, while the server is down.
 */
export class BasemapTiles {
  private readonly cache: TileCache;
  private readonly down = new Map<string, { until: number; message: string }>();
  private readonly archives = new Map<string, Promise<PmtilesBasemap>>();

  constructor(private readonly options: BasemapTilesOptions) {
    this.cache = new TileCache(options.cacheDir, options.maxCacheBytes);
  }

  async tile(source: TileSource, z: number, x: number, y: number): Promise<TileAnswer> {
    return source.kind === 'xyz' ? this.serverTile(source.template, z, x, y) : this.archiveTile(source.path, z, x, y);
  }

  private async serverTile(template: string, z: number, x: number, y: number): Promise<TileAnswer> {
    const key = { source: createHash('sha256').update(template).digest('hex').slice(0, 16), z, x, y };
    const cached = await this.cache.get(key);
    const cachedType = cached && tileImageType(cached.bytes);
    if (cached && cachedType && Date.now() - cached.fetchedAt < (this.options.freshForMs ?? 7 * DAY_MS)) return tileAnswer(cached.bytes, cachedType, 'cache');
    const down = this.down.get(template);
    const fetched = down && Date.now() < down.until
      ? ({ kind: 'failed', message: down.message, unreachable: true } as const)
      : await fetchTile(tileUrl(template, z, x, y), { userAgent: this.options.userAgent, timeoutMs: this.options.timeoutMs ?? 10_000 });
    if (fetched.kind === 'tile') {
      this.down.delete(template);
      await this.cache.put(key, fetched.bytes);
      return tileAnswer(fetched.bytes, fetched.contentType, 'server');
    }
    if (fetched.kind === 'empty') return { kind: 'empty' };
    // Only an unreachable server is left alone for a while; one bad tile says nothing of the next.
    if (fetched.unreachable && (!down || Date.now() >= down.until)) this.down.set(template, { until: Date.now() + (this.options.retryAfterMs ?? 30_000), message: fetched.message });
    // Better an old tile than none while the server is down.
    if (cached && cachedType) return tileAnswer(cached.bytes, cachedType, 'stale-cache');
    return { kind: 'unavailable', message: fetched.message };
  }

  private async archiveTile(path: string, z: number, x: number, y: number): Promise<TileAnswer> {
    let archive: PmtilesBasemap;
    try {
      archive = await this.archive(path);
    } catch (error) {
      this.archives.delete(path);
      return { kind: 'unavailable', message: error instanceof UserError ? error.message : `${path}: ${String(error)}` };
    }
    if (z < archive.minZoom || z > archive.maxZoom) return { kind: 'empty' };
    const found = await archive.archive.getZxy(z, x, y).catch((error: unknown) => error as Error);
    if (found instanceof Error) return { kind: 'unavailable', message: `${path}: cannot be read (${found.message}).` };
    if (!found) return { kind: 'empty' };
    const bytes = new Uint8Array(found.data);
    const type = tileImageType(bytes);
    return type ? tileAnswer(bytes, type, 'file') : { kind: 'unavailable', message: `${path}: the tile ${z}/${x}/${y} is not a whole PNG, JPEG or WebP image.` };
  }

  private archive(path: string): Promise<PmtilesBasemap> {
    let opened = this.archives.get(path);
    if (!opened) {
      opened = openPmtilesBasemap(path);
      this.archives.set(path, opened);
    }
    return opened;
  }
}
