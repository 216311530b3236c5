import { extname, isAbsolute, resolve } from 'node:path';
import { OSM_ATTRIBUTION, type TileSource } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { openMbtilesBasemap } from './mbtiles-file';
import { openPmtilesBasemap } from './pmtiles-file';

/** OpenStreetMap's standard tiles (their usage policy: a User-Agent that names the app, and a local cache). */
export const OSM_SOURCE: TileSource = { kind: 'xyz', template: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: OSM_ATTRIBUTION };

const PLACEHOLDERS = ['{z}', '{x}', '{y}'] as const;

/** Checks an XYZ URL template: http(s), with {z}, {x} and {y} once each and no other placeholder. */
export function parseXyzTemplate(template: string): TileSource {
  const what = `The tile URL template "${template}"`;
  for (const p of PLACEHOLDERS) {
    const count = template.split(p).length - 1;
    if (count !== 1) throw new UserError(`${what} must contain ${p} exactly once (it has it ${count} times), as in https://tile.example.org/{z}/{x}/{y}.png`);
  }
  const other = template.replace(/\{[zxy]\}/g, '').match(/\{[^}]*\}/);
  if (other) throw new UserError(`${what} has the placeholder ${other[0]}, which LCZ Studio does not fill: use {z}, {x} and {y} only (one server, no {s})`);
  let url: URL;
  try {
    url = new URL(tileUrl(template, 0, 0, 0));
  } catch {
    throw new UserError(`${what} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`${what} must be an http:// or https:// address, not ${url.protocol}`);
  if (url.username || url.password) throw new UserError(`${what} carries a user name or password: LCZ Studio keeps no credentials in settings`);
  return { kind: 'xyz', template, attribution: `Tiles: ${url.host}` };
}

export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

const OPENERS = { '.pmtiles': ['pmtiles', openPmtilesBasemap], '.mbtiles': ['mbtiles', openMbtilesBasemap] } as const;

/**
 * The user's tile source as typed: an XYZ URL template, or the path of a local PMTiles or MBTiles file (opened and
 * checked now, so a wrong file is refused when it is set, not tile by tile; closed again: tiles open it themselves).
 */
export async function parseTileSource(typed: string): Promise<TileSource> {
  const text = typed.trim();
  if (!text) throw new UserError('The tile source is empty: type an XYZ URL template or the path of a .pmtiles or .mbtiles file.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return parseXyzTemplate(text);
  if (!isAbsolute(text)) throw new UserError(`The tile source "${text}" is neither a URL template (https://…/{z}/{x}/{y}.png) nor an absolute path to a .pmtiles or .mbtiles file.`);
  const path = resolve(text);
  const ext = extname(path).toLowerCase();
  if (ext !== '.pmtiles' && ext !== '.mbtiles') throw new UserError('is not a tile file LCZ Studio reads: choose a .pmtiles or .mbtiles file of raster tiles', path);
  const [kind, open] = OPENERS[ext];
  const tileset = await open(path);
  tileset.close();
  return { kind, path, attribution: tileset.attribution, minZoom: tileset.minZoom, maxZoom: tileset.maxZoom };
}
