import type { MapSceneParams } from '../../../shared/contract';
import { mapScene } from '../../mapping/map-scene';
import type { JobContext } from '../job-context';

/** The mapping job: scene + bundle(s) -> result folder (params.outDir is set by the core or the CLI). */
export function runMapScene(params: MapSceneParams, ctx: JobContext): Promise<string[]> {
  if (!params.outDir) throw new Error('map job started without an output folder');
  return mapScene(params, params.outDir, ctx);
}
