import type { So2SatCutParams } from '../../../shared/contract/areas';
import { cutSo2Sat } from '../../so2sat/cut/cut-so2sat';
import type { JobContext } from '../job-context';

/** Cuts So2Sat-format patches from a scene and an LCZ label raster; returns [file]. */
export async function runSo2SatCut(params: So2SatCutParams, ctx: JobContext): Promise<string[]> {
  await cutSo2Sat(params, { signal: ctx.signal, onProgress: (p) => ctx.progress(p) });
  return [params.out];
}
