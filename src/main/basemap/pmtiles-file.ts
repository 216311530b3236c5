import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { UserError } from '../../shared/errors';
import { assertRegularFile } from '../files/input-file';

/** The pmtiles library reads archives through a Source: this one reads byte ranges of a local file. */
class LocalFileSource implements Source {
  constructor(private readonly path: string) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const handle = await open(this.path, 'r');
    try {
      const data = new Uint8Array(length);
      const { bytesRead } = await handle.read(data, 0, length, offset);
      return { data: data.buffer.slice(0, bytesRead) };
    } finally {
      await handle.close();
    }
  }
}

const RASTER_TYPES: ReadonlyMap<TileType, string> = new Map([
  [TileType.Png, 'PNG'],
  [TileType.Jpeg, 'JPEG'],
  [TileType.Webp, 'WebP'],
]);

const TYPE_NAMES: Partial<Record<TileType, string>> = { [TileType.Mvt]: 'vector (MVT)', [TileType.Mlt]: 'vector (MLT)', [TileType.Avif]: 'AVIF', [TileType.Unknown]: 'unknown' };

export interface PmtilesBasemap {
  archive: PMTiles;
  minZoom: number;
  maxZoom: number;
  attribution: string;
}

/**
 * Opens a local PMTiles archive as a basemap: it must be a PMTiles v3 file of raster tiles (PNG, JPEG or WebP),
 * as the basemap is drawn as pictures; vector tiles would need a style and fonts the app does not ship.
 */
export async function openPmtilesBasemap(path: string): Promise<PmtilesBasemap> {
  await assertRegularFile(path, { what: 'a PMTiles file' });
  const archive = new PMTiles(new LocalFileSource(path));
  let header;
  try {
    header = await archive.getHeader();
  } catch (error) {
    throw new UserError(`is not a PMTiles v3 archive (${error instanceof Error ? error.message : String(error)})`, path);
  }
  if (!RASTER_TYPES.has(header.tileType)) {
    const kind = TYPE_NAMES[header.tileType] ?? `type ${header.tileType}`;
    throw new UserError(`holds ${kind} tiles: a basemap must be raster tiles (PNG, JPEG or WebP)`, path);
  }
  const metadata = (await archive.getMetadata().catch(() => ({}))) as { attribution?: unknown };
  // Attributions are often HTML links; the map shows text only.
  const text = typeof metadata.attribution === 'string' ? metadata.attribution.replace(/<[^>]*>/g, '').trim() : '';
  const attribution = text ? text.slice(0, 300) : `Tiles: ${basename(path)}`;
  return { archive, minZoom: header.minZoom, maxZoom: header.maxZoom, attribution };
}
