/**
 * The MTL.txt of a Landsat Collection 2 product (USGS's ODL text: GROUP = ... / KEY = VALUE / END_GROUP), read into
 * GROUP.KEY -> value: the same key means different things in different groups (REFLECTANCE_MULT_BAND_1 is the surface
 * reflectance scale under LEVEL2_SURFACE_REFLECTANCE_PARAMETERS, the top-of-atmosphere one under
 * LEVEL1_RADIOMETRIC_RESCALING).
 */
import { UserError } from '../../../shared/errors';

export type Mtl = ReadonlyMap<string, string>;

export function parseMtl(text: string, label: string): Mtl {
  const values = new Map<string, string>();
  const groups: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line === 'END') continue;
    const m = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'GROUP') groups.push(value.trim());
    else if (key === 'END_GROUP') groups.pop();
    else values.set([...groups, key].join('.'), value.trim().replace(/^"(.*)"$/, '$1'));
  }
  if (!values.has('LANDSAT_METADATA_FILE.PRODUCT_CONTENTS.LANDSAT_PRODUCT_ID')) {
    const collection1 = [...values.keys()].some((k) => k.startsWith('L1_METADATA_FILE.'));
    throw new UserError(
      collection1
        ? 'is Collection 1 Landsat metadata (L1_METADATA_FILE); LCZ Studio reads Collection 2 Level-2 products: download the Collection 2 Level-2 product of this scene'
        : 'is not Landsat Collection 2 metadata (no LANDSAT_METADATA_FILE / PRODUCT_CONTENTS / LANDSAT_PRODUCT_ID)',
      label,
    );
  }
  return values;
}

/** A value of the MTL by GROUP.KEY under LANDSAT_METADATA_FILE, or null. */
export function mtlValue(mtl: Mtl, key: string): string | null {
  return mtl.get(`LANDSAT_METADATA_FILE.${key}`) ?? null;
}

/** A number of the MTL, or a UserError saying which key is missing. */
export function mtlNumber(mtl: Mtl, key: string, label: string): number {
  const value = Number(mtlValue(mtl, key) ?? NaN);
  if (!Number.isFinite(value)) throw new UserError(`has no number for ${key.split('.').pop()}`, label);
  return value;
}
