import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DatasetInfo, EvaluationRecord, PatchStatistics, RunListItem, RunStatus } from '../../shared/contract';
import type { So2SatFile } from '../so2sat/so2sat-file';
import { runAsSeen } from '../train/run-liveness';
import { RunStore } from '../train/run-store';
import type { Workspace } from '../workspace/workspace';
import type { RequestContext } from './request-context';

export const DEMO_DATASET_FILE = 'synthetic-so2sat.h5';

/** Per-band mean and std of sen2 (and sen1), one streaming pass over the patches each. */
async function patchStatistics(file: So2SatFile, context: RequestContext): Promise<NonNullable<DatasetInfo['statistics']>> {
  const { so2satStatistics } = await import('../so2sat/statistics');
  const of = async (dataset: 'sen2' | 'sen1'): Promise<PatchStatistics> => {
    const stats = await so2satStatistics(file, dataset, {
      signal: context.signal,
      onProgress: (done, total) => context.onProgress?.({ stage: `Statistics of ${dataset}`, done, total }),
    });
    return { mean: stats.mean, std: stats.std, nonFinite: stats.nonFinite };
  };
  return { sen2: await of('sen2'), sen1: file.hasSen1 ? await of('sen1') : null };
}

/** Training runs in the workspace, and the So2Sat-format files they train on. */
export class TrainingService {
  constructor(private readonly workspace: Workspace) {}

  async listRuns(): Promise<RunListItem[]> {
    const entries = await readdir(this.workspace.runsDir, { withFileTypes: true }).catch(() => []);
    const items: RunListItem[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const store = new RunStore(join(this.workspace.runsDir, entry.name));
      const saved = await store.read().catch(() => null);
      if (!saved) continue;
      const status = runAsSeen(saved);
      const evaluation = status.evaluated ? await store.readEvaluation().catch(() => null) : null;
      const scores = evaluation?.ensemble?.scores ?? evaluation?.members[0]?.scores;
      items.push({ dir: store.dir, id: status.id, name: status.name, createdAt: status.createdAt, updatedAt: status.updatedAt, state: status.state, members: status.members.length, oa: scores?.oa ?? null, distilled: status.params.distillation !== undefined });
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async getRun(dir: string): Promise<{ status: RunStatus; evaluation: EvaluationRecord | null }> {
    const store = new RunStore(resolve(dir));
    const status = runAsSeen(await store.read());
    return { status, evaluation: status.evaluated ? await store.readEvaluation() : null };
  }

  /**
   * One pass over the labels; the patches are only read for the statistics when asked (the real sen2 is 29 GB):
   * otherwise training checks them as it reads them.
   */
  async inspectDataset(path: string, options: { statistics?: boolean } = {}, context: RequestContext = {}): Promise<DatasetInfo> {
    const absolute = resolve(path);
    // Loaded here: h5wasm takes seconds to load, which every other request (and lcz command) would pay.
    const { So2SatFile } = await import('../so2sat/so2sat-file');
    const file = await So2SatFile.open(absolute, { labelIssues: 'report', signal: context.signal });
    try {
      const { labels, layout } = file;
      return {
        path: absolute,
        patches: file.patches,
        variant: layout.variant,
        datasets: Object.fromEntries(Object.values(layout.datasets).map((d) => [d.name, { shape: d.shape, dtype: d.dtype }])),
        classCounts: labels.classCounts,
        hasSen1: file.hasSen1,
        synthetic: absolute === this.demoDatasetPath(),
        labelIssues: {
          nonOneHotRows: labels.nonOneHot,
          firstNonOneHot: labels.firstNonOneHot,
          badVoteRows: labels.badVotes,
          firstBadVotes: labels.firstBadVotes,
          nonFinite: labels.nonFinite,
        },
        ...(options.statistics ? { statistics: await patchStatistics(file, context) } : {}),
      };
    } finally {
      await file.close();
    }
  }

  demoDatasetPath(): string {
    return join(this.workspace.datasetsDir, DEMO_DATASET_FILE);
  }

  demoDataset(): { path: string; ready: boolean } {
    return { path: this.demoDatasetPath(), ready: existsSync(this.demoDatasetPath()) };
  }
}
