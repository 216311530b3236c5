import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Comparison } from '../../shared/contract/compare';
import { checkOutputLocation } from '../files/output-location';
import { RESULT_FILES, STAGING_PREFIX, stagingAlive } from '../mapping/write-result';
import { translateToCog } from '../raster/export/cog';
import { rethrowWriteError as rethrowFileError } from '../files/write-error';

export const COMPARISON_FILES = {
  difference: 'difference.tif',
  differenceStyle: 'difference.qml',
  divergence: 'divergence.tif',
  comparison: 'comparison.json',
  report: 'report.md',
} as const;

/**
 * Rasters up to this many cells become Cloud Optimized GeoTIFFs (tiled, with overviews). GDAL (gdal3.js) makes a COG
 * in memory, about the raster's size and more; larger comparisons keep the streamed DEFLATE GeoTIFF (strips, no
 * overviews) so memory stays flat for maps up to the 400 M-cell limit. 25 M cells: a 5000 x 5000 map.
 */
export const COG_MAX_CELLS = 25_000_000;

/**
 * Checks the output folder before any work: it may exist and hold an earlier comparison (replaced), but not be a
 * mapping result (its report.md would be overwritten).
 */
export async function checkComparisonFolder(dir: string): Promise<void> {
  await checkOutputLocation(dir, {
    kind: 'folder',
    createsParents: true,
    existing: (entries) =>
      entries.includes(RESULT_FILES.summary) ? 'is a mapping result folder; write the comparison into a folder of its own (its report.md would replace the result\'s)' : null,
  });
}

/**
 * A staging folder inside the output folder, as mapping results have: everything is made there and moved in at the
 * end, comparison.json last. Staging folders of writers that died (a crash, a kill) are removed first.
 */
export async function startStaging(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true }).catch((e: unknown) => rethrowFileError(e, dir));
  for (const old of (await readdir(dir)).filter((f) => f.startsWith(STAGING_PREFIX))) {
    if (!stagingAlive(old)) await rm(join(dir, old), { recursive: true, force: true });
  }
  return mkdtemp(join(dir, `${STAGING_PREFIX}${process.pid}-`)).catch((e: unknown) => rethrowFileError(e, dir));
}

/** Rewrites a small streamed GeoTIFF as a COG (overviews by nearest: codes and shares are never averaged). */
export async function makeCloudOptimized(path: string): Promise<void> {
  await writeFile(path, await translateToCog(await readFile(path), 'nearest'));
}

/**
 * Moves the staged files in: the old comparison.json goes first and the new one comes last, so a folder holding one
 * is complete; a divergence.tif of an earlier comparison that had probabilities is removed when this one has none.
 */
export async function moveIn(dir: string, staging: string, comparison: Comparison): Promise<string[]> {
  const { files } = comparison;
  const moved = [files.difference, files.differenceStyle, files.report, ...(files.divergence ? [files.divergence] : [])];
  await writeFile(join(staging, files.comparison), `${JSON.stringify(comparison, null, 2)}\n`, 'utf8');
  await rm(join(dir, files.comparison), { force: true });
  for (const name of moved) await rename(join(staging, name), join(dir, name)).catch((e: unknown) => rethrowFileError(e, join(dir, name)));
  if (!files.divergence) await rm(join(dir, COMPARISON_FILES.divergence), { force: true });
  await rename(join(staging, files.comparison), join(dir, files.comparison)).catch((e: unknown) => rethrowFileError(e, dir));
  return [...moved, files.comparison].map((name) => join(dir, name));
}
