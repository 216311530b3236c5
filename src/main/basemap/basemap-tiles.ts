import { createHash } from 'node:crypto';
import type { TileAnswer, TileSource } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { fetchTile } from './fetch-tile';
import { assertRegularFile } from '../files/input-file';
import type { LocalTileset } from './local-tileset';
import { openMbtilesBasemap } from './mbtiles-file';
import { openPmtilesBasemap } from './pmtiles-file';
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

type FileSource = Exclude<TileSource, { kind: 'xyz' }>;

/** The local file open now: which file, as it was on disk when opened (a new export over it is opened anew). */
interface OpenFile {
  path: string;
  version: string;
  tileset: Promise<LocalTileset>;
}

async function closeFile(file: OpenFile | null): Promise<void> {
  const tileset = await file?.tileset.catch(() => null);
  tileset?.close();
}

function openTileset(source: FileSource): Promise<LocalTileset> {
  return source.kind === 'pmtiles' ? openPmtilesBasemap(source.path) : openMbtilesBasemap(source.path);
}

function tileAnswer(bytes: Uint8Array, contentType: TileContentType, from: 'server' | 'cache' | 'stale-cache' | 'file'): TileAnswer {
  return { kind: 'tile', contentType, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'), from };
}

/**
 * The basemap's tiles, for every face: from a tile server through the cache in the workspace, or from a local
 * PMTiles or MBTiles file (one open at a time, reused tile after tile, closed when the source changes). A source that fails gives an answer that says why (never an exception), so the page shows the
 * offline outline and goes on; cached tiles are still served, even past their freshness, while the server is down.
 */
export class BasemapTiles {
  private readonly cache: TileCache;
  private readonly down = new Map<string, { until: number; message: string }>();
  private file: OpenFile | null = null;

  constructor(private readonly options: BasemapTilesOptions) {
    this.cache = new TileCache(options.cacheDir, options.maxCacheBytes);
  }

  async tile(source: TileSource, z: number, x: number, y: number): Promise<TileAnswer> {
    return source.kind === 'xyz' ? this.serverTile(source.template, z, x, y) : this.fileTile(source, z, x, y);
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

  private async fileTile(source: FileSource, z: number, x: number, y: number): Promise<TileAnswer> {
    const { path } = source;
    let found: Uint8Array | null;
    try {
      const tileset = await this.tileset(source);
      if (z < tileset.minZoom || z > tileset.maxZoom) return { kind: 'empty' };
      found = await tileset.tile(z, x, y);
    } catch (error) {
      return { kind: 'unavailable', message: error instanceof UserError ? error.message : `${path}: cannot be read (${error instanceof Error ? error.message : String(error)}).` };
    }
    if (!found) return { kind: 'empty' };
    const type = tileImageType(found);
    return type ? tileAnswer(found, type, 'file') : { kind: 'unavailable', message: `${path}: the tile ${z}/${x}/${y} is not a whole PNG, JPEG or WebP image.` };
  }

  /**
   * The source's file, opened once and reused. A stat per tile (cheap next to a tile) notices the file gone, or
   * replaced (a new export written over it), which is then opened anew; a file that fails to open is tried again at
   * the next tile, so the map recovers once the file is back.
   */
  private async tileset(source: FileSource): Promise<LocalTileset> {
    let info;
    try {
      info = await assertRegularFile(source.path, { what: `a ${source.kind === 'pmtiles' ? 'PMTiles' : 'MBTiles'} file` });
    } catch (error) {
      if (this.file?.path === source.path) await this.close();
      throw error;
    }
    const version = `${source.kind}:${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
    let file = this.file;
    // Checked and replaced with no await between: tiles asked together open the file once.
    if (file?.path !== source.path || file.version !== version) {
      const before = file;
      file = { path: source.path, version, tileset: openTileset(source) };
      this.file = file;
      const opening = file;
      opening.tileset.catch(() => {
        if (this.file === opening) this.file = null;
      });
      await closeFile(before);
    }
    return file.tileset;
  }

  /** Closes the local file open (if any): the next tile of a file source opens its file again. */
  async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    await closeFile(file);
  }
}
