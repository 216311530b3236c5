import type { DemoSceneParams } from '../../../shared/contract';
import { writeDemoScene } from '../../synthetic/demo-scene';
import type { JobContext } from '../job-context';

/** Writes the synthetic scene and its true LCZ map; returns [scene, truth]. */
export async function runDemoScene(params: DemoSceneParams, ctx: JobContext): Promise<string[]> {
  const { scenePath, truthPath } = await writeDemoScene(params.outDir, {
    seed: params.seed,
    size: params.size,
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p),
  });
  return [scenePath, truthPath];
}
