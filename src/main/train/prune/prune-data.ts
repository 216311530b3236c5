/**
 * The data of a pruning: the training file split as a training run splits it (a seeded subset when asked, then a
 * stratified share held out), so that fine-tuning never sees the patches the accuracy and the temperature are
 * measured on; and the test file, when one is given, to measure accuracy on instead.
 */
import type { PruneParams } from '../../../shared/contract/compression';
import { epochOrder } from '../../so2sat/epoch-order';
import { So2SatFile } from '../../so2sat/so2sat-file';
import { splitIndices } from '../../so2sat/split';

export interface PruneData {
  file: So2SatFile;
  test: So2SatFile | null;
  train: Uint32Array;
  validation: Uint32Array;
}

/** Seeds of run-data.ts: the same file split the same way as a run with the same share and subset. */
const SUBSET_SEED = 0x5ab;
const SPLIT_SEED = 0x5eed;

export async function openPruneData(params: Pick<PruneParams, 'train' | 'test' | 'maxPatches' | 'validationShare'>, signal: AbortSignal): Promise<PruneData> {
  const file = await So2SatFile.open(params.train, { signal });
  try {
    const test = params.test ? await So2SatFile.open(params.test, { signal }) : null;
    const subset = params.maxPatches && params.maxPatches < file.patches ? epochOrder(file.patches, { seed: SUBSET_SEED, blockSize: 1 }).slice(0, params.maxPatches).sort() : null;
    const classOf = subset ? Uint8Array.from(subset, (i) => file.labels.classOf[i]!) : file.labels.classOf;
    const split = splitIndices(subset ? subset.length : file.patches, { seed: SPLIT_SEED, validationFraction: params.validationShare, stratifyBy: classOf });
    const toFile = (a: Uint32Array) => (subset ? Uint32Array.from(a, (i) => subset[i]!) : a);
    return { file, test, train: toFile(split.train), validation: toFile(split.validation) };
  } catch (error) {
    await file.close();
    throw error;
  }
}

export async function closePruneData(data: PruneData | null): Promise<void> {
  await data?.file.close();
  await data?.test?.close();
}
