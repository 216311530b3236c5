/**
 * One CART classification tree of a random forest, grown as scikit-learn grows them: Gini impurity, the best
 * threshold of `maxFeatures` features drawn at each split (more are drawn while the drawn ones are constant in the
 * node), nodes split until pure, smaller than two samples or at the depth limit; each leaf keeps its class shares.
 * Samples are sorted per node and feature by one native sort of packed (rank, class) keys: no comparator, no
 * allocation per node.
 */
import type { RankedTable } from './feature-ranks';

/** Class index bits in a packed key: up to 32 classes (LCZ has 17). */
const CLASS_BITS = 5;
const CLASS_MASK = (1 << CLASS_BITS) - 1;

export interface GrowOptions {
  /** Features tried per split. */
  maxFeatures: number;
  /** Deepest level a node may be split at (the root is level 0); null: no limit. */
  maxDepth: number | null;
  random: () => number;
}

/** A grown tree: parallel arrays per node; a leaf has feature -1 and `left` indexing its class shares. */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaves x classes, each row summing to 1. */
  leafShares: Float32Array;
}

/** Scratch buffers shared by the trees of one forest. */
export class TreeScratch {
  readonly keys: Uint32Array;
  readonly order: Int32Array;
  readonly counts: Float64Array;
  readonly left: Float64Array;

  constructor(
    rows: number,
    readonly columns: number,
    readonly classes: number,
  ) {
    this.keys = new Uint32Array(rows);
    this.order = Int32Array.from({ length: columns }, (_, j) => j);
    this.counts = new Float64Array(classes);
    this.left = new Float64Array(classes);
  }
}

interface Split {
  feature: number;
  /** Samples with rank <= this go left. */
  rank: number;
}

/**
 * Grows a tree on `samples` (row indices into the table, repeats allowed: a bootstrap), labelled by `labels`
 * (dense class indices 0 .. classes - 1). `samples` is reordered in place.
 */
export function growTree(table: RankedTable, labels: Uint8Array, samples: Int32Array, scratch: TreeScratch, options: GrowOptions): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const shares: number[] = [];
  const K = scratch.classes;
  // Depth-first: [node, start, end, depth]; children are numbered when their parent splits.
  const stack: [node: number, start: number, end: number, depth: number][] = [[0, 0, samples.length, 0]];
  feature.push(-1);
  threshold.push(0);
  left.push(-1);
  right.push(-1);
  while (stack.length) {
    const [node, start, end, depth] = stack.pop()!;
    const counts = scratch.counts;
    counts.fill(0);
    for (let k = start; k < end; k++) counts[labels[samples[k]!]!]!++;
    let present = 0;
    for (let c = 0; c < K; c++) if (counts[c]! > 0) present++;
    const split = present > 1 && end - start >= 2 && (options.maxDepth === null || depth < options.maxDepth) ? bestSplit(table, labels, samples, start, end, scratch, options) : null;
    if (!split) {
      left[node] = shares.length / K;
      const n = end - start;
      for (let c = 0; c < K; c++) shares.push(counts[c]! / n);
      continue;
    }
    const ranks = table.ranks;
    const base = split.feature * table.rows;
    // Partition the node's samples: rank <= split.rank first.
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (ranks[base + samples[i]!]! <= split.rank) i++;
      else {
        const t = samples[i]!;
        samples[i] = samples[j]!;
        samples[j--] = t;
      }
    }
    const levels = table.distinct[split.feature]!;
    const l = feature.length;
    for (let c = 0; c < 2; c++) {
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
    }
    feature[node] = split.feature;
    threshold[node] = (levels[split.rank]! + levels[split.rank + 1]!) / 2;
    left[node] = l;
    right[node] = l + 1;
    stack.push([l + 1, i, end, depth + 1], [l, start, i, depth + 1]);
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafShares: Float32Array.from(shares),
  };
}

/** The split of the node [start, end) with the lowest weighted Gini impurity among the features drawn; null if none. */
function bestSplit(table: RankedTable, labels: Uint8Array, samples: Int32Array, start: number, end: number, scratch: TreeScratch, options: GrowOptions): Split | null {
  const { keys, order, counts, left } = scratch;
  const K = scratch.classes;
  const m = end - start;
  const { ranks, rows, columns } = table;
  let best: Split | null = null;
  // Maximising sum(left^2)/nLeft + sum(right^2)/nRight is minimising the children's weighted Gini impurity.
  let bestScore = -Infinity;
  let tried = 0;
  for (let f = 0; f < columns && tried < options.maxFeatures; f++) {
    // Draw the next feature without replacement (Fisher-Yates, one step at a time).
    const pick = f + Math.floor(options.random() * (columns - f));
    const j = order[pick]!;
    order[pick] = order[f]!;
    order[f] = j;
    const base = j * rows;
    const node = keys.subarray(0, m);
    for (let k = 0; k < m; k++) {
      const s = samples[start + k]!;
      node[k] = ((ranks[base + s]! << CLASS_BITS) | labels[s]!) >>> 0;
    }
    node.sort();
    if (node[0]! >>> CLASS_BITS === node[m - 1]! >>> CLASS_BITS) continue; // constant here: does not count as tried
    tried++;
    left.fill(0);
    let sumLeft = 0;
    let sumRight = 0;
    for (let c = 0; c < K; c++) sumRight += counts[c]! * counts[c]!;
    for (let k = 0; k < m - 1; k++) {
      const c = node[k]! & CLASS_MASK;
      // Moving one sample of class c from right to left.
      sumLeft += 2 * left[c]! + 1;
      sumRight -= 2 * (counts[c]! - left[c]!) - 1;
      left[c]!++;
      const rank = node[k]! >>> CLASS_BITS;
      if (rank === node[k + 1]! >>> CLASS_BITS) continue;
      const nLeft = k + 1;
      const score = sumLeft / nLeft + sumRight / (m - nLeft);
      if (score > bestScore + 1e-12) {
        bestScore = score;
        best = { feature: j, rank };
      }
    }
  }
  return best;
}
