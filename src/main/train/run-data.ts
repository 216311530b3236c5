/**
 * The data of a training run: its files opened and checked, the patches it trains and validates on, and the band
 * statistics its members normalise with (computed in the check's streaming pass when asked for, reused on resume).
 */
import type { RunFile, TrainParams } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { epochOrder } from '../so2sat/epoch-order';
import { PUBLISHED_SEN2, type Normalisation } from '../so2sat/normalise';
import { So2SatFile, type PatchDataset } from '../so2sat/so2sat-file';
import { splitIndices } from '../so2sat/split';
import { bandsRead, checkDataset, checkStage } from './data-check';
import type { MemberChannels } from './input-modes';
import type { RunContext } from './run-context';

export interface RunData {
  file: So2SatFile;
  test: So2SatFile | null;
  train: Uint32Array;
  validation: Uint32Array;
  sen2: Normalisation;
  sen1: Normalisation | null;
}

/**
 * A new run's data checked (data-check.ts: one pass per file and dataset the members read, over the patches the
 * run reads), and its statistics to normalise with: the train file's own when asked for (from the same pass), else
 * the published ones. A band no member reads may have no finite value: its statistics are then 0 and 1, which leave
 * it as read (its values stay non-finite and are counted as such).
 */
async function checkedStatistics(data: Omit<RunData, 'sen2' | 'sen1'>, channels: MemberChannels[], subset: Uint32Array | null, params: TrainParams, ctx: RunContext): Promise<Pick<RunData, 'sen2' | 'sen1'>> {
  const needsSen1 = channels.some((c) => c.sen1.length > 0);
  const datasets: PatchDataset[] = needsSen1 ? ['sen2', 'sen1'] : ['sen2'];
  const fromFile: Partial<Record<PatchDataset, Normalisation>> = {};
  for (const dataset of datasets) {
    // SAR statistics always come from the file: So2Sat publishes none.
    const own = dataset === 'sen1' || params.normalisation === 'file';
    const stage = own ? `Computing ${dataset} band statistics` : checkStage(data.file, dataset);
    const s = await checkDataset({ use: 'training', file: data.file, dataset, indices: subset, stage }, bandsRead(channels, dataset), ctx);
    // A band that never varies would divide by zero: leave it unscaled.
    if (own) fromFile[dataset] = { mean: s.mean.map((m) => (Number.isFinite(m) ? m : 0)), std: s.std.map((v) => (v > 0 ? v : 1)) };
  }
  if (data.test) for (const dataset of datasets) await checkDataset({ use: 'training', file: data.test, dataset, indices: null, stage: checkStage(data.test, dataset) }, bandsRead(channels, dataset), ctx);
  return { sen2: fromFile.sen2 ?? PUBLISHED_SEN2, sen1: fromFile.sen1 ?? null };
}

export async function openRunData(params: TrainParams, channels: MemberChannels[], stored: RunFile['normalisation'], ctx: RunContext): Promise<RunData> {
  // Non-finite values are told by the check of a new run (in file order), not by the reader as training meets them.
  const file = await So2SatFile.open(params.train, { signal: ctx.signal });
  let test: So2SatFile | null = null;
  try {
    if (params.test) test = await So2SatFile.open(params.test, { signal: ctx.signal });
    const needsSen1 = channels.some((c) => c.sen1.length > 0);
    for (const f of [file, test]) if (f && needsSen1 && !f.hasSen1) throw new UserError('has no sen1 dataset, which the Sentinel-1 + Sentinel-2 members need', f.path);
    // A seeded subset when asked (quick runs on the 352,366 patches of the real file), then a stratified split.
    const subset = params.maxPatches && params.maxPatches < file.patches ? epochOrder(file.patches, { seed: 0x5ab, blockSize: 1 }).slice(0, params.maxPatches).sort() : null;
    const classOf = subset ? Uint8Array.from(subset, (i) => file.labels.classOf[i]!) : file.labels.classOf;
    const split = splitIndices(subset ? subset.length : file.patches, { seed: 0x5eed, validationFraction: params.validationShare, stratifyBy: classOf });
    const toFile = (a: Uint32Array) => (subset ? Uint32Array.from(a, (i) => subset[i]!) : a);
    const data = { file, test, train: toFile(split.train), validation: toFile(split.validation) };
    // A resume reuses what run.json recorded: its members' checkpoints were trained with those statistics, and the
    // data passed its check when the run began (a second pass over the 52 GB file would cost as long as the first).
    const normalisation = stored ? { sen2: stored.sen2, sen1: stored.sen1 } : await checkedStatistics(data, channels, subset, params, ctx);
    return { ...data, ...normalisation };
  } catch (error) {
    await file.close();
    await test?.close();
    throw error;
  }
}

export async function closeRunData(data: RunData | null): Promise<void> {
  await data?.file.close();
  await data?.test?.close();
}
