/**
 * Which filters go: those of smallest L1 norm (Li et al. 2017, "Pruning filters for efficient ConvNets").
 *
 * - 'layer': every prunable convolution loses round(ratio x its filters), keeping one at least;
 * - 'global': round(ratio x all prunable filters) go, the weakest of the whole model. Raw L1 norms are not comparable
 *   between layers (a 3x3 filter over 256 channels sums 2,304 weights, one over 10 bands sums 90), so each filter is
 *   ranked by its norm over its layer's mean norm. No layer goes below a tenth of its filters: a layer cut to one or
 *   two channels would choke the network, however weak its filters look.
 */
import type { PruningScope } from '../../../shared/bundle-manifest';
import type { Kept, Source } from './channel-graph';

/** Global pruning leaves each layer this share of its filters at least. */
export const GLOBAL_FLOOR = 0.1;

export interface FilterChoice {
  /** The filters each pruned source keeps, sorted. */
  kept: Kept;
  /** Share of the prunable filters removed. */
  removed: number;
  prunableFilters: number;
  layers: { name: string; filters: number; kept: number }[];
  keptWhole: { name: string; reason: string }[];
}

/** Filter indices of a source, weakest first (ties: the later filter first, so the choice is stable). */
function weakestFirst(source: Source): number[] {
  return Array.from(source.norms, (_, i) => i).sort((a, b) => source.norms[a]! - source.norms[b]! || b - a);
}

export function chooseFilters(sources: readonly Source[], ratio: number, scope: PruningScope): FilterChoice {
  const prunable = sources.filter((s) => s.keptWhole === null && s.filters > 1);
  const removedBy = new Map<number, Set<number>>(prunable.map((s) => [s.id, new Set<number>()]));
  if (scope === 'layer') {
    for (const s of prunable) for (const i of weakestFirst(s).slice(0, Math.min(s.filters - 1, Math.round(ratio * s.filters)))) removedBy.get(s.id)!.add(i);
  } else {
    const total = prunable.reduce((n, s) => n + s.filters, 0);
    const candidates = prunable.flatMap((s) => {
      const mean = s.norms.reduce((a, b) => a + b, 0) / s.filters;
      return Array.from(s.norms, (norm, index) => ({ source: s, index, score: mean > 0 ? norm / mean : 0 }));
    });
    candidates.sort((a, b) => a.score - b.score || a.source.id - b.source.id || b.index - a.index);
    let toRemove = Math.round(ratio * total);
    for (const c of candidates) {
      if (toRemove === 0) break;
      const gone = removedBy.get(c.source.id)!;
      if (c.source.filters - gone.size <= Math.max(1, Math.ceil(GLOBAL_FLOOR * c.source.filters))) continue;
      gone.add(c.index);
      toRemove--;
    }
  }
  const kept = new Map<number, number[]>();
  const layers: FilterChoice['layers'] = [];
  let removed = 0;
  for (const s of prunable) {
    const gone = removedBy.get(s.id)!;
    if (gone.size === 0) continue;
    kept.set(s.id, Array.from(s.norms, (_, i) => i).filter((i) => !gone.has(i)));
    layers.push({ name: s.name, filters: s.filters, kept: s.filters - gone.size });
    removed += gone.size;
  }
  const prunableFilters = prunable.reduce((n, s) => n + s.filters, 0);
  return {
    kept,
    removed: prunableFilters ? removed / prunableFilters : 0,
    prunableFilters,
    layers,
    keptWhole: sources.filter((s) => s.keptWhole !== null).map((s) => ({ name: s.name, reason: s.keptWhole! })),
  };
}
