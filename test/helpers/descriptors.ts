import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** How many descriptors this process holds open on `path` (Linux /proc): what a leaked database or handle keeps. */
export function openDescriptors(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd)) === path;
    } catch {
      // Closed between the listing and the look (the listing's own descriptor, for one).
      return false;
    }
  }).length;
}
