import { WINDOW_SAMPLES } from '../mapping/scene-windows';
import { rowAreas } from '../raster/area';
import { CrossTab } from './cross-tab';
import type { MapReader, MapRows } from './map-reader';
import type { PassWriters } from './pass-writers';
import { ProbabilityStats } from './probability-stats';
import { TruthScores } from './truth-scores';

/** How much of the maps is in memory at once. */
export interface PassLimits {
  /** Cells of map A per row range (with probabilities: a quarter of it, for their 17 bands). */
  rangeCells: number;
  /** Raw values of another map read for one range; a range that needs more is halved (down to one row). */
  windowSamples: number;
}

/** 256 K cells a range (a few MB in all), other maps' windows as large as the mapping's: memory stays near the baseline. */
export const PASS_LIMITS: PassLimits = { rangeCells: 1 << 18, windowSamples: WINDOW_SAMPLES };

export interface PassResult {
  crossTab: CrossTab;
  probabilities: ProbabilityStats | null;
  truth: TruthScores | null;
}

/**
 * The one pass over the maps, row range by row range of map A: counts the cross-tabulation, the probability
 * figures and the scores against the truth, and writes each cell's pair (and divergence) as it goes. Only one range
 * of each map is in memory at a time.
 */
export async function comparisonPass(
  maps: { a: MapReader; b: MapReader; truth: MapReader | null },
  writers: PassWriters,
  signal: AbortSignal,
  progress: (rowsDone: number) => void,
  limits: PassLimits = PASS_LIMITS,
): Promise<PassResult> {
  const { a, b, truth } = maps;
  const { width, height } = a.header;
  const crossTab = new CrossTab();
  const probabilities = writers.divergence ? new ProbabilityStats() : null;
  const scores = truth ? new TruthScores() : null;
  const areas = rowAreas(a.header);

  const rows = async (r0: number, r1: number): Promise<void> => {
    signal.throwIfAborted();
    const lb = b.locate(r0, r1);
    const lt = truth?.locate(r0, r1) ?? null;
    // A second map much finer than the first needs many of its rows per row of the first: halve the range.
    const tooWide = b.windowSamples(r0, r1, lb) > limits.windowSamples || (truth !== null && truth.windowSamples(r0, r1, lt) > limits.windowSamples);
    if (tooWide && r1 - r0 > 1) {
      const mid = r0 + Math.floor((r1 - r0) / 2);
      await rows(r0, mid);
      await rows(mid, r1);
      return;
    }
    const [x, y, t] = await Promise.all([a.read(r0, r1, null, signal), b.read(r0, r1, lb, signal), truth?.read(r0, r1, lt, signal) ?? null]);
    const pairs = new Uint16Array((r1 - r0) * width);
    for (let r = r0; r < r1; r++) crossTab.addRow(x.classes, y.classes, (r - r0) * width, width, areas[r]!, pairs);
    await writers.pairs.writeRows(r0, [pairs]);
    if (probabilities && writers.divergence) await writers.divergence.writeRows(r0, [divergenceRows(probabilities, x, y)]);
    if (scores && t) scores.add(x.classes, y.classes, t.classes);
    progress(r1);
  };

  const step = Math.max(1, Math.floor((probabilities ? limits.rangeCells / 4 : limits.rangeCells) / width));
  for (let r0 = 0; r0 < height; r0 += step) await rows(r0, Math.min(height, r0 + step));
  return { crossTab, probabilities, truth: scores };
}

function divergenceRows(stats: ProbabilityStats, x: MapRows, y: MapRows): Uint16Array {
  const out = new Uint16Array(x.classes.length);
  stats.add(x, y, out);
  return out;
}
