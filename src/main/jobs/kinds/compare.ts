import type { CompareJobParams } from '../../../shared/contract';
import { compareMaps, type CompareStage } from '../../compare/compare-maps';
import type { JobContext } from '../job-context';

/** What the progress bar and the jobs dock say for each stage of a comparison. */
const STAGE: Record<CompareStage, string> = {
  compare: 'Comparing',
  difference: 'Writing the difference map',
  write: 'Writing the files',
};

/** The comparison job: two LCZ maps (or results) -> a comparison folder (params.outDir is set by the core or the CLI). */
export async function runCompare(params: CompareJobParams, ctx: JobContext): Promise<string[]> {
  const { outDir, name: _title, ...maps } = params;
  if (!outDir) throw new Error('compare job started without an output folder');
  const { files } = await compareMaps({ ...maps, outDir }, { signal: ctx.signal, progress: (p) => ctx.progress({ ...p, stage: STAGE[p.stage] }) });
  return files;
}
