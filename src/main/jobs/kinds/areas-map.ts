import type { AreasMapParams } from '../../../shared/contract/areas';
import { mapFromAreas } from '../../areas/areas-map';
import type { JobContext } from '../job-context';

/** The areas-map job: training areas + scene -> result folder (params.outDir is set by the core or the CLI). */
export function runAreasMap(params: AreasMapParams, ctx: JobContext): Promise<string[]> {
  if (!params.outDir) throw new Error('areas-map job started without an output folder');
  return mapFromAreas(params, params.outDir, ctx);
}
