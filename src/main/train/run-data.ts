/**
 * The data of a training run: its files opened and checked, the patches it trains and validates on, and the band
 * statistics its members normalise with (computed in one streaming pass when asked for, reused on resume).
 */
import type { RunFile, TrainParams } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { epochOrder } from '../so2sat/epoch-order';
import { PUBLISHED_SEN2, type Normalisation } from '../so2sat/normalise';
import { So2SatFile } from '../so2sat/so2sat-file';
import { splitIndices } from '../so2sat/split';
import { so2satStatistics } from '../so2sat/statistics';
import type { MemberChannels } from './input-modes';
import type { RunContext } from './train-run';

export interface RunData {
  file: So2SatFile;
  test: So2SatFile | null;
  train: Uint32Array;
  validation: Uint32Array;
  sen2: Normalisation;
  sen1: Normalisation | null;
}

/** The band statistics of a dataset of the training file, with the pass's progress (the real sen2 is 29 GB). */
async function computed(file: So2SatFile, dataset: 'sen2' | 'sen1', ctx: RunContext): Promise<Normalisation> {
  const stage = `Computing ${dataset} band statistics`;
  const s = await so2satStatistics(file, dataset, { signal: ctx.signal, onProgress: (done, total) => ctx.progress({ stage, done, total }) });
  // A band that never varies would divide by zero: leave it unscaled.
  return { mean: s.mean, std: s.std.map((v) => v || 1) };
}

/**
 * The statistics to normalise with: those run.json recorded (a resume: the members' checkpoints were trained with
 * them, and a second pass over the file would cost as long as the first), else the published or computed ones.
 */
async function statistics(file: So2SatFile, needsSen1: boolean, params: TrainParams, stored: RunFile['normalisation'], ctx: RunContext): Promise<Pick<RunData, 'sen2' | 'sen1'>> {
  const sen2 = stored?.sen2 ?? (params.normalisation === 'file' ? await computed(file, 'sen2', ctx) : PUBLISHED_SEN2);
  const sen1 = needsSen1 ? (stored?.sen1 ?? (await computed(file, 'sen1', ctx))) : null;
  return { sen2, sen1 };
}

export async function openRunData(params: TrainParams, channels: MemberChannels[], stored: RunFile['normalisation'], ctx: RunContext): Promise<RunData> {
  const file = await So2SatFile.open(params.train, { onWarning: ctx.warn, signal: ctx.signal });
  let test: So2SatFile | null = null;
  try {
    if (params.test) test = await So2SatFile.open(params.test, { onWarning: ctx.warn, signal: ctx.signal });
    const needsSen1 = channels.some((c) => c.sen1.length > 0);
    for (const f of [file, test]) if (f && needsSen1 && !f.hasSen1) throw new UserError('has no sen1 dataset, which the Sentinel-1 + Sentinel-2 members need', f.path);
    // A seeded subset when asked (quick runs on the 352,366 patches of the real file), then a stratified split.
    const subset = params.maxPatches && params.maxPatches < file.patches ? epochOrder(file.patches, { seed: 0x5ab, blockSize: 1 }).slice(0, params.maxPatches).sort() : null;
    const classOf = subset ? Uint8Array.from(subset, (i) => file.labels.classOf[i]!) : file.labels.classOf;
    const split = splitIndices(subset ? subset.length : file.patches, { seed: 0x5eed, validationFraction: params.validationShare, stratifyBy: classOf });
    const toFile = (a: Uint32Array) => (subset ? Uint32Array.from(a, (i) => subset[i]!) : a);
    return { file, test, train: toFile(split.train), validation: toFile(split.validation), ...(await statistics(file, needsSen1, params, stored, ctx)) };
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

/** Evaluation data: the test file when there is one (temperature fitted on the validation split), else the
 * validation split halved: one half to fit temperatures, the other to score, so nothing is scored on what it fitted. */
export function evaluationSets(data: RunData): { fit: Uint32Array; score: Uint32Array; scoreFile: So2SatFile; label: string } {
  if (data.test) return { fit: data.validation, score: Uint32Array.from({ length: data.test.patches }, (_, i) => i), scoreFile: data.test, label: data.test.path };
  const fit = data.validation.filter((_, i) => i % 2 === 0);
  const score = data.validation.filter((_, i) => i % 2 === 1);
  return { fit, score, scoreFile: data.file, label: `held-out half of the validation split of ${data.file.path}` };
}
