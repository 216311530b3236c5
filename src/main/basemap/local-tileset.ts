import { basename } from 'node:path';

/**
 * A local file of raster tiles opened as a basemap (a PMTiles archive or an MBTiles database): what the basemap's
 * tile server needs of either, so it treats both alike.
 */
export interface LocalTileset {
  minZoom: number;
  maxZoom: number;
  /** Plain text for the map's attribution. */
  attribution: string;
  /** The tile's bytes at z/x/y (XYZ numbering, y down from the north), or null when the file has no tile there. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  /** Lets go of what the file holds open (a database); the tileset cannot be used after. */
  close(): void;
}

/** What a basemap must be made of, for the messages refusing other tiles. */
export const RASTER_ONLY = 'a basemap must be raster tiles (PNG, JPEG or WebP)';

/** The attribution a file declares, as text: attributions are often HTML links, and the map shows text only. */
export function attributionText(declared: unknown, path: string): string {
  const text = typeof declared === 'string' ? declared.replace(/<[^>]*>/g, '').trim() : '';
  return text ? text.slice(0, 300) : `Tiles: ${basename(path)}`;
}
