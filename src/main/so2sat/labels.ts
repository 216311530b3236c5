/**
 * Labels of a So2Sat file: one-hot rows (`label`, or `y` in the label-distribution subset) and annotators' votes
 * (`y_distributional_urban`). One streaming pass checks every row and keeps a byte per patch (its class), which
 * is all that sampling, stratified splits and hard labels need afterwards.
 */
import { CLASS_COUNT } from './layout';
import type { RowSource, RowValues } from './row-source';

export interface LabelSummary {
  /** Patches per class, index 0 = LCZ 1 ... index 16 = LCZ G; rows that are not valid labels are not counted. */
  classCounts: number[];
  /** Class (1-17) of each patch: its one-hot row, or its votes' majority when the file has no one-hot labels; 0 = invalid. */
  classOf: Uint8Array;
  /** One-hot rows that are not exactly one 1 and sixteen 0 (NaN included), and the first of them. */
  nonOneHot: number;
  firstNonOneHot: number | null;
  /** Vote rows that cannot make a distribution (negative or non-finite votes, or none and no one-hot row). */
  badVotes: number;
  firstBadVotes: number | null;
  /** Non-finite values met in the label datasets. */
  nonFinite: number;
}

/** Rows per read while scanning: about 9 MB of float64 label rows. */
const SCAN_ROWS = 65_536;

/** The class (1-17) of a one-hot row, or 0 when it is not one-hot. */
export function oneHotClass(values: RowValues, row: number, columns: number): number {
  let found = 0;
  const base = row * columns;
  for (let k = 0; k < columns; k++) {
    const v = values[base + k]!;
    if (v === 1 && found === 0) found = k + 1;
    else if (v !== 0) return 0;
  }
  return found;
}

function countNonFinite(values: RowValues): number {
  let bad = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) bad++;
  }
  return bad;
}

/** Sum of a vote row, or -1 when a vote is negative or not finite. */
export function voteTotal(values: RowValues, row: number, columns: number): number {
  let sum = 0;
  for (let k = row * columns, end = k + columns; k < end; k++) {
    const v = values[k]!;
    if (!(v >= 0) || v === Infinity) return -1;
    sum += v;
  }
  return sum;
}

function majority(values: RowValues, row: number, columns: number): number {
  let best = 0;
  for (let k = 1; k < columns; k++) if (values[row * columns + k]! > values[row * columns + best]!) best = k;
  return best + 1;
}

/** Checks every label row in one pass, reading SCAN_ROWS rows at a time. */
export async function scanLabels(hard: RowSource | null, votes: RowSource | null, patches: number, signal?: AbortSignal): Promise<LabelSummary> {
  const summary: LabelSummary = { classCounts: new Array<number>(CLASS_COUNT).fill(0), classOf: new Uint8Array(patches), nonOneHot: 0, firstNonOneHot: null, badVotes: 0, firstBadVotes: null, nonFinite: 0 };
  for (let start = 0; start < patches; start += SCAN_ROWS) {
    signal?.throwIfAborted();
    const count = Math.min(SCAN_ROWS, patches - start);
    if (hard) {
      const values = await hard.read([{ start, count }]);
      summary.nonFinite += countNonFinite(values);
      for (let r = 0; r < count; r++) {
        const cls = oneHotClass(values, r, CLASS_COUNT);
        summary.classOf[start + r] = cls;
        if (cls === 0) {
          summary.nonOneHot++;
          summary.firstNonOneHot ??= start + r;
        }
      }
    }
    if (votes) {
      const values = await votes.read([{ start, count }]);
      summary.nonFinite += countNonFinite(values);
      const columns = votes.rowValues;
      for (let r = 0; r < count; r++) {
        const total = voteTotal(values, r, columns);
        const fallback = hard ? summary.classOf[start + r]! : 0;
        if (total < 0 || (total === 0 && fallback === 0)) {
          summary.badVotes++;
          summary.firstBadVotes ??= start + r;
          if (!hard) summary.classOf[start + r] = 0;
        } else if (!hard) summary.classOf[start + r] = total > 0 ? majority(values, r, columns) : 0;
      }
    }
  }
  for (const cls of summary.classOf) if (cls) summary.classCounts[cls - 1]!++;
  return summary;
}

/**
 * Writes the label of one patch (17 values) at out[offset]: the votes as a distribution when there are votes,
 * else the one-hot row of its class; zeros when it has neither.
 */
export function writeSoftLabel(votes: RowValues, row: number, columns: number, cls: number, out: Float32Array, offset: number): void {
  const total = voteTotal(votes, row, columns);
  out.fill(0, offset, offset + CLASS_COUNT);
  if (total > 0) {
    for (let k = 0; k < columns; k++) out[offset + k] = votes[row * columns + k]! / total;
  } else if (cls > 0) out[offset + cls - 1] = 1;
}
