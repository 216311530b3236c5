import { join } from 'node:path';
import { basemapSettingsSchema, type BasemapSettings, type TileAnswer, type TileRequest } from '../../shared/contract';
import { BasemapTiles } from '../basemap/basemap-tiles';
import { OSM_SOURCE, parseTileSource } from '../basemap/tile-source';
import { JsonStore } from '../workspace/json-store';
import type { Workspace } from '../workspace/workspace';

/** The tile cache's bound: about 10,000 OpenStreetMap tiles, several cities at every zoom. */
export const TILE_CACHE_BYTES = 256 * 1024 * 1024;

/**
 * The basemap's settings (basemap.json in the workspace: the user's own tile source, checked when it is set) and its
 * tiles, fetched and cached here in the core so the page loads nothing from other origins.
 */
export class BasemapService {
  private readonly store: JsonStore<BasemapSettings>;
  private readonly tiles: BasemapTiles;

  constructor(workspace: Workspace, version: string, options: { maxCacheBytes?: number } = {}) {
    this.store = new JsonStore(join(workspace.root, 'basemap.json'), basemapSettingsSchema, () => ({ custom: null }));
    this.tiles = new BasemapTiles({
      cacheDir: join(workspace.root, 'cache', 'tiles'),
      maxCacheBytes: options.maxCacheBytes ?? TILE_CACHE_BYTES,
      userAgent: `LCZStudio/${version} (Local Climate Zone desktop GIS)`,
    });
  }

  settings(): Promise<BasemapSettings> {
    return this.store.read();
  }

  /** Sets the user's tile source (null: none), refusing a bad one with a message before anything is saved. */
  async configure(custom: string | null): Promise<BasemapSettings> {
    const source = custom === null ? null : await parseTileSource(custom);
    const settings = await this.store.update(() => ({ custom: source }));
    // The file of the source set before is let go now, not at its next tile (which may never come).
    await this.tiles.close();
    return settings;
  }

  async tile(request: TileRequest): Promise<TileAnswer> {
    const source = request.source === 'osm' ? OSM_SOURCE : (await this.settings()).custom;
    if (!source) return { kind: 'unavailable', message: 'No tile source of your own is set: type one under Basemap.' };
    return this.tiles.tile(source, request.z, request.x, request.y);
  }
}
