import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleLineage } from '../../shared/bundle-lineage';
import type { BrokenBundle, BundleSummary } from '../../shared/contract/bundles';
import type { Bundle } from '../bundles/bundle-io';
import { demoBundlePath } from '../paths';
import { missingForBundle } from '../scenes/scene-settings';
import type { Workspace } from '../workspace/workspace';
import type { ScenesService } from './scenes-service';

function summaryOf(bundle: Bundle, demo: boolean): BundleSummary {
  const { manifest } = bundle;
  return {
    dir: bundle.dir,
    name: manifest.name,
    description: manifest.description,
    bands: manifest.bands.map((b) => b.id),
    patchSize: manifest.input.patchSize,
    resolutionM: manifest.input.resolutionM,
    demo,
    method: manifest.provenance.method,
    metrics: manifest.metrics,
    lineage: bundleLineage(manifest),
  };
}

/** Reading bundles decodes ONNX protobufs: loaded for the requests about bundles, not for every face's start. */
const bundleIo = () => import('../bundles/bundle-io');

/** Model bundles the user can map with: the demo bundle shipped with the app and those in the workspace. */
export class BundlesService {
  constructor(
    private readonly workspace: Workspace,
    private readonly scenes: ScenesService,
  ) {}

  async list(): Promise<{ bundles: BundleSummary[]; broken: BrokenBundle[] }> {
    const { listBundles, readBundle } = await bundleIo();
    const bundles: BundleSummary[] = [];
    const broken: BrokenBundle[] = [];
    if (existsSync(demoBundlePath())) {
      try {
        bundles.push(summaryOf(await readBundle(demoBundlePath()), true));
      } catch (error) {
        broken.push({ dir: demoBundlePath(), problem: error instanceof Error ? error.message : String(error) });
      }
    }
    // Imported bundles, and those of the training runs (each run's bundles/ folder).
    const folders = [this.workspace.bundlesDir];
    for (const run of await readdir(this.workspace.runsDir, { withFileTypes: true }).catch(() => [])) {
      if (run.isDirectory()) folders.push(join(this.workspace.runsDir, run.name, 'bundles'));
    }
    for (const folder of folders) {
      if (!existsSync(folder)) continue;
      const found = await listBundles(folder);
      bundles.push(...found.bundles.map((b) => summaryOf(b, false)));
      broken.push(...found.broken);
    }
    return { bundles, broken };
  }

  /**
   * Problems that stop these bundles from mapping the scene, each naming the bundle; empty when there are none. With
   * band equivalence accepted, a band another sensor's scene stands in for is no problem (one without an equivalent is).
   */
  async check(sceneId: string, dirs: string[], options: { bandEquivalence?: boolean } = {}): Promise<string[]> {
    const { scene, settings } = this.scenes.get(sceneId);
    const { readBundle } = await bundleIo();
    const problems: string[] = [];
    for (const dir of dirs) {
      try {
        const { manifest } = await readBundle(dir);
        for (const p of missingForBundle(scene, settings, manifest, options)) problems.push(`"${manifest.name}" ${p}`);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    return problems;
  }
}
