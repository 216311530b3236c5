import { z } from 'zod';

/**
 * The basemap under the LCZ map and the scene: OpenStreetMap tiles, the user's own tile source, only the Natural
 * Earth outline (bundled, drawn offline), or nothing. Tiles come through the core (basemap/tile), which fetches and
 * caches them: the page itself loads nothing from other origins (see the CSP).
 */
export const BASEMAPS = ['osm', 'custom', 'outline', 'none'] as const;
export type Basemap = (typeof BASEMAPS)[number];

/** The basemaps made of tiles (the others are drawn in the page). */
export const TILE_BASEMAPS = ['osm', 'custom'] as const;
export type TileBasemap = (typeof TILE_BASEMAPS)[number];

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';
export const OSM_COPYRIGHT_URL = 'https://www.openstreetmap.org/copyright';

/** A local file of raster tiles, by its format: both are read alike, with the zooms the file holds. */
const tileFileSchema = <K extends 'pmtiles' | 'mbtiles'>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      path: z.string().min(1).max(4096),
      attribution: z.string().max(300),
      minZoom: z.number().int().min(0).max(30),
      maxZoom: z.number().int().min(0).max(30),
    })
    .strict();

/** A tile source the core has checked: an XYZ URL template, or a local PMTiles or MBTiles file of raster tiles. */
export const tileSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('xyz'), template: z.string().min(1).max(2048), attribution: z.string().max(300) }).strict(),
  tileFileSchema('pmtiles'),
  tileFileSchema('mbtiles'),
]);
export type TileSource = z.infer<typeof tileSourceSchema>;

export const basemapSettingsSchema = z.object({ custom: tileSourceSchema.nullable() }).strict();
export type BasemapSettings = z.infer<typeof basemapSettingsSchema>;

const tileIndex = z.number().int().min(0).max(2 ** 24);

export const tileRequestSchema = z
  .object({ source: z.enum(TILE_BASEMAPS), z: z.number().int().min(0).max(24), x: tileIndex, y: tileIndex })
  .strict()
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: 'x and y must be below 2^z' });
export type TileRequest = z.infer<typeof tileRequestSchema>;

/**
 * One tile: its image (PNG, JPEG or WebP, base64), no tile there (outside the source's area or zooms), or why the
 * source could not give it (unreachable, an error, not an image): the page then shows the outline and a quiet note.
 */
export const tileAnswerSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tile'),
      contentType: z.enum(['image/png', 'image/jpeg', 'image/webp']),
      base64: z.string(),
      /** Where it came from: the server just now, the cache (still fresh, or stale while the server is down), the file. */
      from: z.enum(['server', 'cache', 'stale-cache', 'file']),
    })
    .strict(),
  z.object({ kind: z.literal('empty') }).strict(),
  z.object({ kind: z.literal('unavailable'), message: z.string() }).strict(),
]);
export type TileAnswer = z.infer<typeof tileAnswerSchema>;
