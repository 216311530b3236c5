import { open } from 'node:fs/promises';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { UserError } from '../../shared/errors';
import { assertRegularFile } from '../files/input-file';
import { attributionText, RASTER_ONLY, type LocalTileset } from './local-tileset';

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

/**
 * Opens a local PMTiles archive as a basemap: it must be a PMTiles v3 file of raster tiles (PNG, JPEG or WebP),
 * as the basemap is drawn as pictures; vector tiles would need a style and fonts the app does not ship.
 */
export async function openPmtilesBasemap(path: string): Promise<LocalTileset> {
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
    throw new UserError(`holds ${kind} tiles: ${RASTER_ONLY}`, path);
  }
  const metadata = (await archive.getMetadata().catch(() => ({}))) as { attribution?: unknown };
  return {
    minZoom: header.minZoom,
    maxZoom: header.maxZoom,
    attribution: attributionText(metadata.attribution, path),
    tile: async (z, x, y) => {
      const found = await archive.getZxy(z, x, y);
      return found ? new Uint8Array(found.data) : null;
    },
    // Each read opens and closes the file: nothing is held.
    close: () => undefined,
  };
}
