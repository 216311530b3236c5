import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import type { ResultSummary } from '../../shared/contract/results';
import { translateToCog } from '../raster/export/cog';
import { exportLczMap } from '../raster/export/export-lcz-map';
import type { LczMap } from '../raster/lcz-map';
import { encodeGeoTiff } from '../raster/write/encode-geotiff';
import type { BandArray } from '../raster/write/data-types';
import { rethrowWriteError as rethrowFileError } from '../files/write-error';
import { encodeShares, PROBABILITY_NODATA, PROBABILITY_SCALE, probabilityBands } from './output-encoding';
import type { FusedMaps } from './fusion';
import type { OutputGrid } from './output-grid';
import { currentWorker, workerAlive } from '../train/run-liveness';

export const RESULT_FILES = {
  lcz: 'lcz.tif',
  style: 'lcz.qml',
  probabilities: 'probabilities.tif',
  confidence: 'confidence.tif',
  disagreement: 'disagreement.tif',
  summary: 'summary.json',
  report: 'report.md',
} as const;

/** Where a result is made before it is moved in (one folder per writer, named for its process). */
export const STAGING_PREFIX = '.staging-';

/** Whether a staging folder's process (.staging-<pid>-XXXXXX, this machine's) still runs; no pid: a leftover. */
export function stagingAlive(name: string): boolean {
  const pid = Number(/^\.staging-(\d+)-/.exec(name)?.[1]);
  return Number.isSafeInteger(pid) && pid > 0 && workerAlive({ ...currentWorker(), pid });
}

/** The class map of a result as an LCZ map, ready for the standard export. */
export function resultLczMap(grid: OutputGrid, classes: Uint8Array, name: string): LczMap {
  return {
    path: '',
    name,
    width: grid.width,
    height: grid.height,
    classes,
    geoTransform: grid.geoTransform,
    crs: grid.crs,
    geoKeys: grid.geoKeys,
    sourceDtype: 'Byte',
    sourceNodata: 0,
    notes: [],
  };
}

/** A multi-band UInt16 x 10^4 raster as a COG (overviews by nearest: shares are never averaged for display). */
async function shareCog(grid: OutputGrid, bands: BandArray[], descriptions: string[], metadata: Record<string, string>): Promise<Uint8Array> {
  const staged = encodeGeoTiff(
    {
      width: grid.width,
      height: grid.height,
      bands: bands.length,
      dataType: 'UInt16',
      geoTransform: grid.geoTransform,
      geoKeys: grid.geoKeys,
      nodata: PROBABILITY_NODATA,
      bandDescriptions: descriptions,
      metadata: { ...metadata, SCALE_NOTE: `value = stored / ${PROBABILITY_SCALE}; ${PROBABILITY_NODATA} = no data` },
      // The same scale as GDAL's band scale, so QGIS shows shares of 0-1 rather than the stored 0-10000.
      bandScales: bands.map(() => ({ scale: 1 / PROBABILITY_SCALE, offset: 0 })),
    },
    bands,
  );
  return translateToCog(staged, 'nearest');
}

export interface ResultContent {
  grid: OutputGrid;
  /** Final classes (after the optional mode filter). */
  classes: Uint8Array;
  fused: FusedMaps;
  /** summary.json without `files`, which this fills in. */
  summary: Omit<ResultSummary, 'files'>;
  report: (summary: ResultSummary) => string;
  signal?: AbortSignal;
  /**
   * Files of this kind of result beyond the standard ones (e.g. the training areas' accuracy): written into the
   * staging folder by this callback, which returns their names; moved in with the others, before summary.json.
   */
  extras?: (stagingDir: string) => Promise<string[]>;
}

/**
 * Writes a mapping result into `dir`: the LCZ product (+ QGIS style), probabilities, confidence, disagreement
 * (ensembles), report.md and summary.json. Everything is made in a staging folder inside `dir` and moved in at the
 * end, summary.json last (and the old one removed first): a folder with a summary.json is always complete, and a
 * cancel or a crash leaves the previous result as it was or no summary at all.
 */
export async function writeResult(dir: string, content: ResultContent): Promise<string[]> {
  const { grid, classes, fused, signal } = content;
  await mkdir(dir, { recursive: true }).catch((e: unknown) => rethrowFileError(e, dir));
  // A run that crashed (or was killed) could not remove its staging folder: nothing in it was ever part of a result.
  // Each is named for its process: one still alive is another writer's (the folder lock keeps mappings apart; this
  // keeps a writer without it from deleting a live one's files).
  for (const old of (await readdir(dir)).filter((f) => f.startsWith(STAGING_PREFIX))) {
    if (!stagingAlive(old)) await rm(join(dir, old), { recursive: true, force: true });
  }
  const staging = await mkdtemp(join(dir, `${STAGING_PREFIX}${process.pid}-`)).catch((e: unknown) => rethrowFileError(e, dir));
  try {
    const staged = (name: string) => join(staging, name);
    const meta = { LCZ_STUDIO_RESULT: content.summary.id, ...(content.summary.synthetic ? { SYNTHETIC: 'YES' } : {}) };
    await exportLczMap(resultLczMap(grid, classes, content.summary.name), staged(RESULT_FILES.lcz), {
      overviewResampling: 'mode',
      signal,
      description: `LCZ map of ${content.summary.scene.name} made by ${content.summary.createdBy}`,
      metadata: meta,
    });
    signal?.throwIfAborted();
    const names = LCZ_CLASSES.map((c) => `P(LCZ ${c.code} ${c.name})`);
    await writeFile(staged(RESULT_FILES.probabilities), await shareCog(grid, probabilityBands(fused.probabilities, classes), names, meta));
    signal?.throwIfAborted();
    const confidence = [fused.maxProbability, fused.margin, fused.entropy].map((v) => encodeShares(v, classes));
    await writeFile(staged(RESULT_FILES.confidence), await shareCog(grid, confidence, ['max probability', 'margin (top two)', 'normalised entropy'], meta));
    if (fused.disagreement) {
      signal?.throwIfAborted();
      await writeFile(staged(RESULT_FILES.disagreement), await shareCog(grid, [encodeShares(fused.disagreement, classes)], ['member disagreement'], meta));
    }
    const summary: ResultSummary = {
      ...content.summary,
      files: { ...RESULT_FILES, disagreement: fused.disagreement ? RESULT_FILES.disagreement : null },
    };
    const extras = content.extras ? await content.extras(staging) : [];
    await writeFile(staged(RESULT_FILES.report), content.report(summary), 'utf8');
    await writeFile(staged(RESULT_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`, 'utf8');
    signal?.throwIfAborted(); // the last point of no return

    const moved: string[] = [RESULT_FILES.lcz, RESULT_FILES.style, RESULT_FILES.probabilities, RESULT_FILES.confidence, RESULT_FILES.report];
    if (summary.files.disagreement) moved.push(RESULT_FILES.disagreement);
    moved.push(...extras);
    await rm(join(dir, RESULT_FILES.summary), { force: true });
    for (const name of moved) {
      // An extra may be a folder (a bundle): an earlier result's is removed first, as rename cannot replace a full one.
      if (extras.includes(name)) await rm(join(dir, name), { recursive: true, force: true }).catch((e: unknown) => rethrowFileError(e, join(dir, name)));
      await rename(staged(name), join(dir, name)).catch((e: unknown) => rethrowFileError(e, join(dir, name)));
    }
    // A single model written over an ensemble's result: the old members' disagreement would be read as this one's.
    if (!summary.files.disagreement) await rm(join(dir, RESULT_FILES.disagreement), { force: true }).catch((e: unknown) => rethrowFileError(e, join(dir, RESULT_FILES.disagreement)));
    await rename(staged(RESULT_FILES.summary), join(dir, RESULT_FILES.summary)).catch((e: unknown) => rethrowFileError(e, dir));
    return [...moved, RESULT_FILES.summary].map((name) => join(dir, name));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
