import { globals } from 'geotiff';
import type { GeoKeyTags } from './lcz-map';

export type GeoKeyValue = number | number[] | string;
/** GeoKeys by name (GTModelTypeGeoKey, ProjectedCSTypeGeoKey, ...), as geotiff-geokeys-to-proj4 expects them. */
export type GeoKeys = Record<string, GeoKeyValue>;

const GEO_DOUBLE_PARAMS = 34736;
const GEO_ASCII_PARAMS = 34737;
const GEO_KEY_DIRECTORY = 34735;

const keyNames = globals.geoKeyNames as Record<number, string>;

/** Decodes the GeoKeyDirectory (GeoTIFF 1.1, section 7.1) from the raw tags; values stored in the key entry itself or in the parameter tags. */
export function parseGeoKeys(tags: GeoKeyTags): GeoKeys {
  const dir = tags.GeoKeyDirectory;
  const keys: GeoKeys = {};
  const count = dir[3] ?? 0;
  for (let k = 0; k < count; k++) {
    const at = 4 + k * 4;
    const id = dir[at];
    const location = dir[at + 1];
    const n = dir[at + 2] ?? 0;
    const offset = dir[at + 3] ?? 0;
    if (id === undefined || location === undefined) break;
    const name = keyNames[id] ?? `GeoKey${id}`;
    let value: GeoKeyValue | undefined;
    if (location === 0) {
      value = offset;
    } else if (location === GEO_DOUBLE_PARAMS && tags.GeoDoubleParams) {
      const slice = tags.GeoDoubleParams.slice(offset, offset + n);
      value = n === 1 ? slice[0] : slice;
    } else if (location === GEO_ASCII_PARAMS && tags.GeoAsciiParams !== undefined) {
      // Each string ends with '|' in place of the NUL terminator.
      value = tags.GeoAsciiParams.substring(offset, offset + n).replace(/[|\0]+$/, '');
    } else if (location === GEO_KEY_DIRECTORY) {
      const slice = dir.slice(offset, offset + n);
      value = n === 1 ? slice[0] : slice;
    }
    if (value !== undefined) keys[name] = value;
  }
  return keys;
}

export function numberKey(keys: GeoKeys, name: string): number | undefined {
  const v = keys[name];
  return typeof v === 'number' ? v : undefined;
}

export function stringKey(keys: GeoKeys, name: string): string | undefined {
  const v = keys[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
