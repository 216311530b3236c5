import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleManifestSchema, MANIFEST_FILE, type BundleManifest } from '../../shared/bundle-manifest';

/** The manifest of a bundle a job just wrote (quantize, prune), to say what it holds. */
export function writtenManifest(dir: string): BundleManifest {
  return bundleManifestSchema.parse(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')));
}

export const count = (n: number) => Math.round(n).toLocaleString('en-US');
export const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
