/**
 * What `lcz so2sat info` reports: the layout, the datasets' shapes and types, and the class counts (one streaming
 * pass over the labels). With statistics, one more streaming pass over the patches: per-band mean and std, and
 * the non-finite values found.
 */
import type { So2SatVariant } from './layout';
import { So2SatFile, type PatchDataset } from './so2sat-file';
import { so2satStatistics, type BandStatistics } from './statistics';

export interface So2SatInfo {
  patches: number;
  datasets: Record<string, { shape: number[]; dtype: string }>;
  /** Patches per class, LCZ 1 ... LCZ G. */
  classCounts: number[];
  /** Only when found: label rows that are not one-hot, and the first. */
  nonOneHotRows?: number;
  firstNonOneHot?: number;
  /** Only when found: vote rows that make no distribution, and the first. */
  badVoteRows?: number;
  firstBadVotes?: number;
  /** Only when found: non-finite values per dataset (patches only when statistics were computed). */
  nonFinite?: Record<string, number>;
  /** Only when asked for. */
  statistics?: Partial<Record<PatchDataset, Pick<BandStatistics, 'mean' | 'std'>>>;
}

export interface So2SatInfoOptions {
  statistics?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: { stage: string; done: number; total: number }) => void;
}

export async function so2satInfo(path: string, options: So2SatInfoOptions = {}): Promise<{ info: So2SatInfo; variant: So2SatVariant }> {
  const file = await So2SatFile.open(path, { labelIssues: 'report', signal: options.signal });
  try {
    const { layout, labels } = file;
    const info: So2SatInfo = {
      patches: file.patches,
      datasets: Object.fromEntries(Object.values(layout.datasets).map((d) => [d.name, { shape: d.shape, dtype: d.dtype }])),
      classCounts: labels.classCounts,
    };
    if (labels.nonOneHot) Object.assign(info, { nonOneHotRows: labels.nonOneHot, firstNonOneHot: labels.firstNonOneHot });
    if (labels.badVotes) Object.assign(info, { badVoteRows: labels.badVotes, firstBadVotes: labels.firstBadVotes });
    const nonFinite: Record<string, number> = {};
    if (labels.nonFinite) nonFinite[layout.hard?.name ?? layout.votes!.name] = labels.nonFinite;
    if (options.statistics) {
      info.statistics = {};
      for (const dataset of ['sen2', 'sen1'] as const) {
        if (dataset === 'sen1' && !file.hasSen1) continue;
        const stats = await so2satStatistics(file, dataset, {
          signal: options.signal,
          onProgress: (done, total) => options.onProgress?.({ stage: `Statistics of ${dataset}`, done, total }),
        });
        info.statistics[dataset] = { mean: stats.mean, std: stats.std };
        if (stats.nonFinite) nonFinite[dataset] = stats.nonFinite;
      }
    }
    if (Object.keys(nonFinite).length) info.nonFinite = nonFinite;
    return { info, variant: layout.variant };
  } finally {
    await file.close();
  }
}
