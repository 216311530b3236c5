import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrokenBundle } from '../../shared/contract/bundles';
import type { CompatibilityReport, DeploymentListItem, DeploymentView, MetisBundle, MetisDeployPlan, MetisJobLog, MetisStatus } from '../../shared/contract/metis';
import { UserError } from '../../shared/errors';
import { resourcePath } from '../paths';
import type { Workspace } from '../workspace/workspace';
import type { BundlesService } from './bundles-service';
import type { ScenesService } from './scenes-service';
import { demoScenePath } from './scenes-service';
import { DEMO_DATASET_FILE } from './training-service';

/** The Metis code (ONNX decoding, the simulator) is loaded for Metis requests only, not at every face's start. */
const metis = async () => ({
  host: await import('../metis/host'),
  check: await import('../metis/check/check-model'),
  bundles: await import('../metis/catalog/bundle-catalog'),
  deployments: await import('../metis/catalog/deployment-catalog'),
  log: await import('../metis/jobs/job-log'),
  io: await import('../bundles/bundle-io'),
});

/**
 * The Deploy view's and `lcz metis`'s requests: the card (or the simulator's, when LCZ_METIS_SIMULATOR=1 asks for
 * it), a bundle's compatibility, the bundles students first, what a deploy would do, deployments and job logs. The
 * work itself is main/metis's; deploying, benchmarking and flashing are jobs (main/metis/jobs).
 */
export class MetisService {
  constructor(
    private readonly workspace: Workspace,
    private readonly bundles: BundlesService,
    private readonly scenes: ScenesService,
  ) {}

  get deploymentsDir(): string {
    return join(this.workspace.root, 'deployments');
  }

  get logsDir(): string {
    return join(this.workspace.root, 'metis', 'logs');
  }

  async status(): Promise<MetisStatus> {
    const { host: h } = await metis();
    const host = await h.openMetisHost({ runnerDir: h.defaultRunnerDir() });
    try {
      return await host.discover();
    } finally {
      await host.close();
    }
  }

  async check(bundle: string): Promise<CompatibilityReport> {
    return (await metis()).check.checkBundle(resolve(bundle));
  }

  /** Every bundle with its hash, the folders whose bundles LCZ Studio keeps, and a bundle's deployments. */
  private async catalog() {
    const m = await metis();
    const listed = await this.bundles.list();
    const entries = [];
    const broken: BrokenBundle[] = [...listed.broken];
    for (const summary of listed.bundles) {
      try {
        entries.push(await m.bundles.catalogEntry(await m.io.readBundle(summary.dir), summary.demo));
      } catch (error) {
        broken.push({ dir: summary.dir, problem: error instanceof Error ? error.message : String(error) });
      }
    }
    const kept = [resourcePath(), this.workspace.root];
    const placed = entries.map((e) => m.deployments.deploymentFolder({ dir: e.bundle.dir, name: e.bundle.manifest.name, sha256: e.sha256 }, kept, this.deploymentsDir));
    const found = await m.deployments.findDeployments(this.deploymentsDir, placed);
    const rows = m.bundles.metisCatalog(entries, (e) => found.filter((f) => f.deployment.bundle.modelSha256 === e.sha256).map((f) => f.dir));
    return { m, entries, rows, broken, kept, found };
  }

  async listBundles(): Promise<{ bundles: MetisBundle[]; broken: BrokenBundle[] }> {
    const { rows, broken } = await this.catalog();
    return { bundles: rows, broken };
  }

  async plan(bundle: string): Promise<MetisDeployPlan> {
    const { m, entries, rows, kept } = await this.catalog();
    const dir = resolve(bundle);
    let chosen = rows.find((r) => r.dir === dir);
    if (!chosen) {
      // A bundle outside the app's lists (a folder given on the command line): read it alone.
      const entry = await m.bundles.catalogEntry(await m.io.readBundle(dir), false);
      entries.push(entry);
      chosen = m.bundles.metisCatalog(entries, () => []).find((r) => r.dir === dir)!;
    }
    const pair = m.bundles.deployPair(chosen);
    const compiled = entries.find((e) => e.bundle.dir === pair.bundle)!;
    const out = m.deployments.deploymentFolder({ dir: compiled.bundle.dir, name: compiled.bundle.manifest.name, sha256: compiled.sha256 }, kept, this.deploymentsDir);
    return { ...pair, out, log: this.newLog(), calibration: await this.calibrationAtHand() };
  }

  /** A new log file's path (the job makes it): named by time, unique. */
  newLog(): string {
    return join(this.logsDir, `${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${randomUUID().slice(0, 6)}.json`);
  }

  /** The synthetic data the workspace holds: the So2Sat file the Training view makes, and the demo scene. */
  private async calibrationAtHand(): Promise<MetisDeployPlan['calibration']> {
    const at: MetisDeployPlan['calibration'] = [];
    const so2sat = join(this.workspace.datasetsDir, DEMO_DATASET_FILE);
    if (existsSync(so2sat)) at.push({ label: 'Synthetic So2Sat data (workspace)', source: { kind: 'so2sat', path: so2sat }, synthetic: true });
    const scene = await demoScenePath(this.workspace);
    if (existsSync(scene)) {
      const resolved = await this.scenes.settingsFor(scene, {});
      const truth = resolved.truth?.exists ? resolved.truth.path : null;
      at.push({ label: 'The synthetic demo scene (labelled by its true LCZ map)', source: { kind: 'scene', path: resolved.path, settings: resolved.settings, truth }, synthetic: true });
    }
    return at;
  }

  async deployment(dir: string): Promise<DeploymentView> {
    return (await metis()).deployments.deploymentView(resolve(dir));
  }

  async deployments(bundle?: string): Promise<DeploymentListItem[]> {
    const { m, entries, found } = await this.catalog();
    let list = found;
    if (bundle) {
      const dir = resolve(bundle);
      const entry = entries.find((e) => e.bundle.dir === dir) ?? (await m.bundles.catalogEntry(await m.io.readBundle(dir), false));
      const beside = m.deployments.deploymentFolder({ dir, name: entry.bundle.manifest.name, sha256: entry.sha256 }, [], this.deploymentsDir);
      list = [...found, ...(await m.deployments.findDeployments(join(this.deploymentsDir, '.none'), [beside]))].filter((f, i, all) => f.deployment.bundle.modelSha256 === entry.sha256 && all.findIndex((g) => g.dir === f.dir) === i);
    }
    return list.map((f) => m.deployments.listItem(f.dir, f.deployment));
  }

  async log(file: string): Promise<MetisJobLog | null> {
    const absolute = resolve(file);
    if (!absolute.endsWith('.json')) throw new UserError('is not a Metis job log (a .json file)', absolute);
    return (await metis()).log.readJobLog(absolute);
  }
}
