/**
 * ../shared/data beside the repo: real rasters (the Zaragoza LCZ map, a Landsat 7 scene, a NAD83 Albers raster) that
 * CI has and users may not. A test that needs one asks sharedDataMissing first.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { missing } from './missing';

export const SHARED_DATA = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** The path of a file of ../shared/data (whether or not it is there). */
export function sharedData(name: string): string {
  return join(SHARED_DATA, name);
}

/** Why tests that need these files cannot run, or null (printed; thrown under LCZ_REQUIRE_ALL: ./missing.ts). */
export function sharedDataMissing(...names: string[]): string | null {
  const absent = names.map(sharedData).filter((path) => !existsSync(path));
  return missing(absent.length ? `${absent.join(', ')} ${absent.length > 1 ? 'are' : 'is'} absent (../shared/data)` : null);
}
