import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareParamsSchema, type CompareParams, type CompareParamsInput, type Comparison } from '../../shared/contract/compare';
import { parseOrExplain, UserError } from '../../shared/errors';
import { lockFolder } from '../files/folder-lock';
import { comparisonPass, PASS_LIMITS, type PassLimits } from './comparison-pass';
import { comparisonReport } from './comparison-report';
import { comparisonSummary } from './comparison-summary';
import { differenceQgisStyle } from './difference-codes';
import { writeDifference } from './difference-raster';
import { mapSource, type MapSource } from './map-source';
import { MapReader } from './map-reader';
import { openRowWriters } from './pass-writers';
import { checkComparisonFolder, COG_MAX_CELLS, COMPARISON_FILES, makeCloudOptimized, moveIn, startStaging } from './write-comparison';

export type CompareStage = 'compare' | 'difference' | 'write';

/** What a comparison gets, as a job does (jobs/job-context.ts): a cancel signal and a progress callback. */
export interface CompareContext {
  signal: AbortSignal;
  progress: (p: { stage: CompareStage; done: number; total: number }) => void;
}

/**
 * Compares two LCZ maps on the first one's grid, streamed by row ranges so memory stays flat up to the 400 M-cell
 * limit: cross-tabulation, agreement, kappa, Pontius quantity and allocation disagreement, class areas, per-class
 * F1; the confidence and probability divergence of two mapping results; both maps scored against a reference map
 * with McNemar's test. Writes difference.tif (+ .qml), divergence.tif (two results), comparison.json and report.md
 * into `outDir`, all or nothing: a cancel or an error leaves the folder as it was. `limits` is for tests, which walk
 * many small ranges of small maps.
 */
export async function compareMaps(input: CompareParamsInput, ctx: CompareContext, limits: PassLimits = PASS_LIMITS): Promise<{ comparison: Comparison; files: string[] }> {
  const params = parseOrExplain(compareParamsSchema, input, 'comparison settings');
  const [a, b, truth] = await Promise.all([
    mapSource(params.a, 'the first map (a)'),
    mapSource(params.b, 'the second map (b)'),
    params.truth ? mapSource(params.truth, 'the reference map (truth)') : null,
  ]);
  await checkComparisonFolder(params.outDir);
  // The only comparison writing this folder: two moving their files in at once would mix them.
  const lock = await lockFolder(params.outDir, 'comparison');
  try {
    return await compareInto(params, a, b, truth, ctx, limits);
  } finally {
    await lock.release();
  }
}

async function compareInto(params: CompareParams, a: MapSource, b: MapSource, truth: MapSource | null, ctx: CompareContext, limits: PassLimits): Promise<{ comparison: Comparison; files: string[] }> {
  const { signal } = ctx;
  const readers: MapReader[] = [];
  const open = async (...args: Parameters<typeof MapReader.open>) => {
    const reader = await MapReader.open(...args);
    readers.push(reader);
    return reader;
  };
  try {
    const layers = a.kind === 'result' && b.kind === 'result';
    const ra = await open(a, null, layers, signal);
    const rb = await open(b, ra.header, layers, signal);
    // Only a reference map's classes play a part, even when it is a result.
    const rt = truth ? await open(truth, ra.header, false, signal) : null;
    for (const other of [rb, rt]) {
      if (other && !other.alignment.outlinesMeet()) {
        throw new UserError(`does not overlap ${a.lczPath}: the two maps cover different places (${describeGrid(ra)}; ${describeGrid(other)})`, other.source.lczPath);
      }
    }
    const maps = { a: ra, b: rb, truth: rt };
    const { height } = ra.header;

    const staging = await startStaging(params.outDir);
    try {
      const writers = await openRowWriters(staging, ra.header, ra.hasProbabilities && rb.hasProbabilities);
      let pass;
      try {
        pass = await comparisonPass(maps, writers, signal, (done) => ctx.progress({ stage: 'compare', done, total: height }), limits);
        await writers.finish();
      } finally {
        await writers.abort();
      }
      checkCommonCells(maps, pass);

      const difference = await writeDifference(writers.pairsPath, join(staging, COMPARISON_FILES.difference), ra.header, pass.crossTab.cells, signal, (done) =>
        ctx.progress({ stage: 'difference', done, total: height }),
      );
      await rm(writers.pairsPath, { force: true });
      ctx.progress({ stage: 'write', done: 0, total: 1 });
      const cloudOptimized = ra.header.width * height <= COG_MAX_CELLS;
      if (cloudOptimized) {
        await makeCloudOptimized(join(staging, COMPARISON_FILES.difference));
        if (writers.divergencePath) await makeCloudOptimized(writers.divergencePath);
      }
      const comparison = comparisonSummary(maps, pass, difference, { cloudOptimized, divergence: writers.divergencePath !== null });
      await writeFile(join(staging, comparison.files.differenceStyle), differenceQgisStyle(comparison.difference), 'utf8');
      await writeFile(join(staging, comparison.files.report), comparisonReport(comparison), 'utf8');
      signal.throwIfAborted(); // the last point of no return
      const files = await moveIn(params.outDir, staging, comparison);
      ctx.progress({ stage: 'write', done: 1, total: 1 });
      return { comparison, files };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
}

/** After the pass: files that were no LCZ maps, and maps that share no valid cell, are named. */
function checkCommonCells(maps: { a: MapReader; b: MapReader; truth: MapReader | null }, pass: Awaited<ReturnType<typeof comparisonPass>>): void {
  for (const reader of [maps.a, maps.b, maps.truth]) reader?.check();
  const a = maps.a.source.lczPath;
  if (maps.a.validCells === 0) throw new UserError('has no LCZ cells: every cell is nodata', a);
  if (pass.crossTab.compared === 0) {
    throw new UserError(`holds no class under any cell of ${a} that holds one: the maps share no valid cell (do they cover the same place?)`, maps.b.source.lczPath);
  }
  if (maps.truth && pass.truth?.summary().cells === 0) {
    throw new UserError('holds no class under the cells where both maps hold one (does it cover the same place?)', maps.truth.source.lczPath);
  }
}

function describeGrid(reader: MapReader): string {
  const { width, height, geoTransform: gt, crs, name } = reader.header;
  const round = (v: number) => Number(v.toPrecision(8));
  return `${name}: x ${round(gt[0])} to ${round(gt[0] + width * gt[1])}, y ${round(gt[3] + height * gt[5])} to ${round(gt[3])} in ${crs.name}`;
}
