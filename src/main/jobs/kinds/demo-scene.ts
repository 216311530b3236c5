import { rmdir, stat } from 'node:fs/promises';
import type { DemoSceneParams } from '../../../shared/contract';
import { writeDemoScene } from '../../synthetic/demo-scene';
import type { JobContext } from '../job-context';

/** Writes the synthetic scene and its true LCZ map; returns [scene, truth]. */
export async function runDemoScene(params: DemoSceneParams, ctx: JobContext): Promise<string[]> {
  const existed = await stat(params.outDir).then(
    () => true,
    () => false,
  );
  try {
    const { scenePath, truthPath } = await writeDemoScene(params.outDir, {
      seed: params.seed,
      size: params.size,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
    });
    return [scenePath, truthPath];
  } catch (error) {
    // The writer removes its files when it stops; the folder it made for them goes too. rmdir removes only an empty
    // folder: anything another hand put there meanwhile stays.
    if (!existed) await rmdir(params.outDir).catch(() => undefined);
    throw error;
  }
}
