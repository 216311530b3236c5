/**
 * The check of a new run's data before its first epoch: one streaming pass over each dataset the members read, in
 * each file the run reads (the band-statistics pass itself when the run normalises with the file's statistics).
 * A band a member reads with no finite value in it cannot be normalised nor learnt from: the run is refused, naming
 * the file and the bands. Non-finite values elsewhere are told once per file and dataset, with how many patches
 * hold them and the first in file order (training reads them shuffled: the first it meets says little).
 * The evaluation of bundles on So2Sat data (evaluation/evaluate-bundles.ts) checks its files the same way.
 */
import { basename } from 'node:path';
import { SO2SAT_S2_BANDS } from '../../shared/bands';
import { UserError } from '../../shared/errors';
import type { PatchDataset, So2SatFile } from '../so2sat/so2sat-file';
import { so2satStatistics, type BandStatistics } from '../so2sat/statistics';
import { SO2SAT_S1_CHANNELS, type MemberChannels } from './input-modes';
import type { RunContext } from './run-context';

/** What the data is for, as the messages say it. */
export type DataUse = 'training' | 'evaluation';

const NOTHING: Record<DataUse, string> = { training: 'there is nothing to train on', evaluation: 'there is nothing to evaluate on' };
const WHY_BANDS: Record<DataUse, (one: boolean) => string> = {
  training: (one) => `a band without one can be neither normalised nor learnt from; train members whose inputs leave ${one ? 'it' : 'them'} out`,
  evaluation: (one) => `a model reading ${one ? 'it' : 'them'} would be scored on the band mean alone; evaluate models whose inputs leave ${one ? 'it' : 'them'} out`,
};

export interface DataCheck {
  use: DataUse;
  file: So2SatFile;
  dataset: PatchDataset;
  /** The patches the run reads (sorted), or null: all of them. */
  indices: Uint32Array | null;
  /** The progress stage of the pass. */
  stage: string;
}

const bandNames = (dataset: PatchDataset): readonly string[] => (dataset === 'sen2' ? SO2SAT_S2_BANDS : SO2SAT_S1_CHANNELS);

/** The bands of a dataset some member reads. */
export function bandsRead(channels: readonly MemberChannels[], dataset: PatchDataset): number[] {
  return [...new Set(channels.flatMap((c) => c[dataset]))].sort((a, b) => a - b);
}

/** Where the pass looked, for messages: all the patches, or the run's subset of them. */
const among = (stats: BandStatistics, subset: boolean): string =>
  subset ? `the ${stats.patches.toLocaleString('en-US')} patches this run reads` : `its ${stats.patches.toLocaleString('en-US')} patches`;

/** A UserError when a band in `read` has no finite value. */
export function requireFiniteBands(stats: BandStatistics, path: string, read: readonly number[], subset: boolean, use: DataUse): void {
  const dead = read.filter((c) => stats.count[c] === 0);
  if (dead.length === 0) return;
  const where = subset ? ` in ${among(stats, true)}` : '';
  if (stats.count.every((n) => n === 0)) {
    throw new UserError(`${stats.dataset} holds no finite value (every value is NaN or infinite)${where}: ${NOTHING[use]}`, path);
  }
  const names = dead.map((c) => bandNames(stats.dataset)[c]).join(', ');
  const one = dead.length === 1;
  throw new UserError(`${stats.dataset} ${one ? 'band' : 'bands'} ${names} ${one ? 'holds' : 'hold'} no finite value (every value is NaN or infinite)${where}: ${WHY_BANDS[use](one)}`, path);
}

/** The warning about the non-finite values a pass found, or null when there were none. */
export function nonFiniteWarning(stats: BandStatistics, path: string, subset: boolean): string | null {
  if (stats.firstNonFinitePatch === null) return null;
  const n = stats.nonFinitePatches;
  const which = n === 1 ? `in one of ${among(stats, subset)}: patch ${stats.firstNonFinitePatch}` : `in ${n.toLocaleString('en-US')} of ${among(stats, subset)}, the first at patch ${stats.firstNonFinitePatch}`;
  return `${path}: ${stats.dataset} holds non-finite values (NaN or infinite) ${which}; they are read as the band mean (0 after normalisation)`;
}

/** One pass of the check: the statistics of the patches checked (a UserError when a band read has no finite value). */
export async function checkDataset(check: DataCheck, read: readonly number[], ctx: RunContext): Promise<BandStatistics> {
  const { use, file, dataset, indices, stage } = check;
  const stats = await so2satStatistics(file, dataset, { indices: indices ?? undefined, signal: ctx.signal, onProgress: (done, total) => ctx.progress({ stage, done, total }) });
  requireFiniteBands(stats, file.path, read, indices !== null, use);
  const warning = nonFiniteWarning(stats, file.path, indices !== null);
  if (warning) ctx.warn(warning);
  return stats;
}

/** The stage of a check pass that only checks (the statistics, if any, come from elsewhere). */
export const checkStage = (file: So2SatFile, dataset: PatchDataset): string => `Checking the ${dataset} values of ${basename(file.path)}`;
