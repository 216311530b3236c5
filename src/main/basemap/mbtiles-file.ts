/**
 * Local MBTiles files as a basemap. An MBTiles file is an SQLite database (https://github.com/mapbox/mbtiles-spec,
 * 1.3): a `tiles` table or view (zoom_level, tile_column, tile_row, tile_data) with rows counted from the south (TMS),
 * and a `metadata` table of name/value pairs (format, minzoom, maxzoom, attribution...). It is read with
 * node-sqlite3-wasm (SQLite in WebAssembly, reading the file through Node's fs; Node 20 has no node:sqlite), read-only.
 * Its databases and statements live in WebAssembly memory, not the JS heap: they are freed by close(), never by the GC.
 */
import sqlite from 'node-sqlite3-wasm';
import type { Database, Statement } from 'node-sqlite3-wasm';
import { UserError } from '../../shared/errors';
import { openRegularFile } from '../files/input-file';
import { tileImageType } from './tile-image';
import { attributionText, RASTER_ONLY, type LocalTileset } from './local-tileset';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The metadata `format` values of raster tiles (the spec says png, jpg, webp; some writers say jpeg). */
const RASTER_FORMATS = new Set(['png', 'jpg', 'jpeg', 'webp']);

/**
 * Checks the first 100 bytes (SQLite's file header) before SQLite sees the file: something else entirely, and a copy
 * cut short, get their own message here instead of SQLite's "file is not a database" or a failure at some later tile.
 */
async function checkSqliteHeader(path: string): Promise<void> {
  const { handle, size } = await openRegularFile(path, { what: 'an MBTiles file' });
  const header = Buffer.alloc(100);
  try {
    await handle.read(header, 0, 100, 0);
  } finally {
    await handle.close();
  }
  if (size === 0) throw new UserError('is empty, not an MBTiles file', path);
  if (size < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) throw new UserError('is not an SQLite database, so not an MBTiles file', path);
  // Page size (1 stands for 65536) times the page count, which is trusted only while the two change counters agree.
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  const expected = pageSize * pages;
  if (pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92) && size < expected) {
    throw new UserError(`is cut short: its SQLite header says ${expected} bytes, the file holds ${size} (a copy or download that did not finish?)`, path);
  }
}

function sqliteMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function zoomOf(value: unknown): number | null {
  const zoom = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isInteger(zoom) && zoom >= 0 && zoom <= 30 ? zoom : null;
}

/** Reads what the tileset says of itself, refusing what is not an MBTiles file of raster tiles. */
function describeTileset(db: Database, path: string): { minZoom: number; maxZoom: number; attribution: string } {
  const tables = new Set(db.all("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name IN ('tiles', 'metadata')").map((r) => r.name));
  if (!tables.has('tiles')) throw new UserError('is an SQLite database but not an MBTiles tileset: it has no tiles table', path);
  // The spec requires metadata; files written before 1.1 may lack it, and their tiles still say what they are.
  const metadata = new Map<string, unknown>(tables.has('metadata') ? db.all('SELECT name, value FROM metadata').map((r) => [String(r.name), r.value]) : []);
  const first = db.get('SELECT tile_data FROM tiles LIMIT 1');
  if (!first) throw new UserError('is an MBTiles tileset with no tiles', path);
  const format = typeof metadata.get('format') === 'string' ? (metadata.get('format') as string).trim().toLowerCase() : '';
  if (format === 'pbf' || format === 'mvt') throw new UserError(`holds vector (${format}) tiles: ${RASTER_ONLY}`, path);
  if (format && !RASTER_FORMATS.has(format)) throw new UserError(`holds ${format} tiles: ${RASTER_ONLY}`, path);
  if (!format && !(first.tile_data instanceof Uint8Array && tileImageType(first.tile_data))) {
    throw new UserError(`names no tile format and its tiles are not PNG, JPEG or WebP images: ${RASTER_ONLY}`, path);
  }
  let minZoom = zoomOf(metadata.get('minzoom'));
  let maxZoom = zoomOf(metadata.get('maxzoom'));
  if (minZoom === null || maxZoom === null || minZoom > maxZoom) {
    // Optional in the spec: the tiles themselves say which zooms there are (both, when the metadata contradicts itself).
    const range = db.get('SELECT MIN(zoom_level) AS lo, MAX(zoom_level) AS hi FROM tiles');
    const contradicts = minZoom !== null && maxZoom !== null;
    minZoom = contradicts || minZoom === null ? zoomOf(range?.lo) : minZoom;
    maxZoom = contradicts || maxZoom === null ? zoomOf(range?.hi) : maxZoom;
    if (minZoom === null || maxZoom === null) throw new UserError(`has tiles at zoom levels ${String(range?.lo)} to ${String(range?.hi)}: they must be whole numbers from 0 to 30`, path);
  }
  return { minZoom, maxZoom, attribution: attributionText(metadata.get('attribution'), path) };
}

/**
 * Opens a local MBTiles file as a basemap: an SQLite database holding an MBTiles tileset of raster tiles (PNG, JPEG
 * or WebP). The database stays open, with its one prepared query, until close().
 */
export async function openMbtilesBasemap(path: string): Promise<LocalTileset> {
  await checkSqliteHeader(path);
  let db: Database;
  try {
    db = new sqlite.Database(path, { readOnly: true });
  } catch (error) {
    throw new UserError(`cannot be opened as an SQLite database (${sqliteMessage(error)})`, path);
  }
  let query: Statement | null = null;
  try {
    const described = describeTileset(db, path);
    query = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    const statement = query;
    let closed = false;
    return {
      ...described,
      tile: async (z, x, y) => {
        if (closed) throw new UserError('was closed (the tile source changed)', path);
        // MBTiles count rows from the south (TMS); the map asks with y from the north.
        const row = statement.get([z, x, 2 ** z - 1 - y]);
        const data = row?.tile_data;
        if (data === undefined || data === null) return null;
        return data instanceof Uint8Array ? data : new Uint8Array(Buffer.from(String(data)));
      },
      close: () => {
        if (closed) return;
        closed = true;
        statement.finalize();
        db.close();
      },
    };
  } catch (error) {
    query?.finalize();
    db.close();
    if (error instanceof UserError) throw error;
    const message = sqliteMessage(error);
    if (/no such column/i.test(message)) throw new UserError(`is not an MBTiles tileset: its tiles table lacks the MBTiles columns (${message})`, path);
    throw new UserError(`is a damaged SQLite database (${message})`, path);
  }
}
