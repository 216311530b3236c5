import type { So2SatSynthParams } from '../../../shared/contract';
import { writeSyntheticSo2Sat } from '../../so2sat/synth/synthetic-dataset';
import type { JobContext } from '../job-context';

/** Writes a So2Sat-format file of patches cut from synthetic cities; returns [file]. */
export async function runSo2SatSynth(params: So2SatSynthParams, ctx: JobContext): Promise<string[]> {
  await writeSyntheticSo2Sat(params.out, {
    patches: params.patches,
    seed: params.seed,
    dtype: params.dtype,
    sen1: params.sen1,
    gzip: params.gzip,
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p),
  });
  return [params.out];
}
