import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** ../shared/data from the repo root: real rasters that CI has and users may not. */
export const SHARED_DATA = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

export function sharedFile(name: string): string | null {
  const path = join(SHARED_DATA, name);
  return existsSync(path) ? path : null;
}
