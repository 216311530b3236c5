/**
 * The generator's accuracy assessment: `runs` times, the polygons of each class are split 70/30 at random (by
 * polygon, never by cell: cells of one polygon are alike, and testing on a training polygon's neighbours would flatter
 * the model), a classifier (forest or CNN) is trained on the 70 % and scores the 30 %: OA, OA_u, OA_bu, OA_w and per-class F1 per run, and
 * the mean confusion matrix. An area whose cells were mostly given another class over the runs that held it out is
 * suspicious: often a mislabelled or mixed polygon.
 */
import type { BootstrapRun, SuspiciousArea } from '../../shared/contract/areas';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { addToConfusion, emptyConfusion, metricsFromConfusion } from '../metrics/classification';
import { mulberry32 } from '../synthetic/noise';
import type { AreaCells } from './area-cells';
import { RandomForest, type FeatureTable, type ForestOptions } from './random-forest';

/** Share of the polygons of each class used to train in a run, as the generator. */
export const TRAIN_SHARE = 0.7;
/** An area is suspicious when more than this share of its cells went to another class. */
export const SUSPICIOUS_SHARE = 0.5;

export interface BootstrapResult {
  runs: BootstrapRun[];
  meanConfusion: number[][];
  meanF1: (number | null)[];
  suspicious: SuspiciousArea[];
  /** Per run, the ids of the areas it trained on (the others tested it). */
  splits: string[][];
}

/** The rows of `table` at `cells`, as a table of their own. */
export function gatherRows(table: FeatureTable, cells: ArrayLike<number>): FeatureTable {
  const { columns } = table;
  const values = new Float32Array(cells.length * columns);
  for (let i = 0; i < cells.length; i++) values.set(table.values.subarray(cells[i]! * columns, (cells[i]! + 1) * columns), i * columns);
  return { rows: cells.length, columns, values };
}

/** Cells and their labels of some areas. */
export function labelledCells(areas: readonly AreaCells[]): { cells: Int32Array; labels: Uint8Array; owner: Int32Array } {
  const n = areas.reduce((s, a) => s + a.cells.length, 0);
  const cells = new Int32Array(n);
  const labels = new Uint8Array(n);
  const owner = new Int32Array(n);
  let k = 0;
  areas.forEach((a, index) => {
    cells.set(a.cells, k);
    labels.fill(a.area.lcz, k, k + a.cells.length);
    owner.fill(index, k, k + a.cells.length);
    k += a.cells.length;
  });
  return { cells, labels, owner };
}

/** Which areas train in one run: per class, a random 70 % of its polygons (at least one held out when it has two). */
export function splitByPolygon(areas: readonly AreaCells[], random: () => number): boolean[] {
  const train = new Array<boolean>(areas.length).fill(false);
  for (let lcz = 1; lcz <= LCZ_CLASS_COUNT; lcz++) {
    const members = areas.map((a, i) => (a.area.lcz === lcz ? i : -1)).filter((i) => i >= 0);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const n = members.length;
    const take = n < 2 ? n : Math.min(n - 1, Math.max(1, Math.round(TRAIN_SHARE * n)));
    for (let k = 0; k < take; k++) train[members[k]!] = true;
  }
  return train;
}

export type LabelledCells = ReturnType<typeof labelledCells>;

/**
 * The bookkeeping of a bootstrap, whatever the classifier: each run's split by polygon, its scores, the areas' record
 * of how their held-out cells were classed, and the summary. A forest runs it in a plain loop (bootstrap() below); a
 * CNN, which trains asynchronously, runs it in its own (cnn/cnn-bootstrap.ts).
 */
export class BootstrapTally {
  private readonly usable: AreaCells[];
  private readonly random: () => number;
  private readonly runs: BootstrapRun[] = [];
  private readonly splits: string[][] = [];
  private readonly sum = emptyConfusion();
  private readonly tested: { runs: number; cells: number; other: number; as: number[] }[];
  private pending: { test: LabelledCells; testAreas: number[] } | null = null;

  constructor(areas: readonly AreaCells[], seed: number) {
    this.usable = areas.filter((a) => a.cells.length > 0);
    this.random = mulberry32(seed ^ 0x5eed);
    this.tested = this.usable.map(() => ({ runs: 0, cells: 0, other: 0, as: new Array<number>(LCZ_CLASS_COUNT + 1).fill(0) }));
  }

  /** The next run's cells to train on and to test on (record() takes the predictions for `test`). */
  nextSplit(): { train: LabelledCells; test: LabelledCells } {
    const inTrain = splitByPolygon(this.usable, this.random);
    this.splits.push(this.usable.filter((_, i) => inTrain[i]).map((a) => a.area.id));
    const testAreas = this.usable.map((_, i) => i).filter((i) => !inTrain[i]);
    const test = labelledCells(testAreas.map((i) => this.usable[i]!));
    this.pending = { test, testAreas };
    return { train: labelledCells(this.usable.filter((_, i) => inTrain[i])), test };
  }

  /** The classes predicted for the last split's test cells. */
  record(predicted: ArrayLike<number>): void {
    if (!this.pending) throw new Error('record() before nextSplit()');
    const { test, testAreas } = this.pending;
    this.pending = null;
    const confusion = emptyConfusion();
    addToConfusion(confusion, test.labels, predicted);
    for (let k = 0; k < predicted.length; k++) {
      const stats = this.tested[testAreas[test.owner[k]!]!]!;
      stats.cells++;
      stats.as[predicted[k]!]!++;
      if (predicted[k] !== test.labels[k]) stats.other++;
    }
    for (const i of testAreas) this.tested[i]!.runs++;
    const m = metricsFromConfusion(confusion);
    this.runs.push({ oa: m.oa, oaU: m.oaUrban, oaBU: m.oaBuiltNatural, oaW: m.oaWeighted, f1: m.perClass.map((c) => c.f1), testCells: m.n });
    confusion.forEach((row, t) => row.forEach((v, p) => (this.sum[t]![p]! += v)));
  }

  result(): BootstrapResult {
    const { runs } = this;
    const meanConfusion = this.sum.map((row) => row.map((v) => (runs.length ? v / runs.length : 0)));
    const meanF1 = Array.from({ length: LCZ_CLASS_COUNT }, (_, c) => {
      const values = runs.map((r) => r.f1[c]).filter((v): v is number => v !== null && v !== undefined);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    });
    const suspicious: SuspiciousArea[] = [];
    this.usable.forEach((a, i) => {
      const t = this.tested[i]!;
      if (t.cells === 0 || t.other / t.cells <= SUSPICIOUS_SHARE) return;
      let assigned = 0;
      for (let c = 1; c <= LCZ_CLASS_COUNT; c++) if (c !== a.area.lcz && (assigned === 0 || t.as[c]! > t.as[assigned]!)) assigned = c;
      suspicious.push({ id: a.area.id, name: a.area.name, lcz: a.area.lcz, otherShare: t.other / t.cells, assignedLcz: assigned, runsTested: t.runs, bounds: a.bounds });
    });
    suspicious.sort((x, y) => y.otherShare - x.otherShare);
    return { runs: [...runs], meanConfusion, meanF1, suspicious, splits: [...this.splits] };
  }
}

/** The forest's bootstrap: `runs` splits, a forest trained on each split's 70 % and scored on its 30 %. */
export function bootstrap(
  table: FeatureTable,
  areas: readonly AreaCells[],
  options: { runs: number; forest: ForestOptions; seed: number; signal?: AbortSignal; onRun?: (done: number, total: number) => void },
): BootstrapResult {
  const tally = new BootstrapTally(areas, options.seed);
  for (let run = 0; run < options.runs; run++) {
    options.signal?.throwIfAborted();
    const { train, test } = tally.nextSplit();
    const forest = RandomForest.train(gatherRows(table, train.cells), train.labels, { ...options.forest, seed: (options.forest.seed ?? 1) + run * 7919 });
    tally.record(forest.predict(gatherRows(table, test.cells)));
    options.onRun?.(run + 1, options.runs);
  }
  return tally.result();
}
