/**
 * The random forest of the training-areas workflow (the WUDAPT LCZ Generator's classifier): bootstrap samples, CART
 * trees grown to purity on a random subset of features per split (square root of the feature count by default),
 * class probabilities as the mean of the trees' leaf shares, as scikit-learn's RandomForestClassifier computes them.
 *
 * Why not ml-random-forest (installed, and what the plan named): its trees (ml-cart) score every candidate threshold
 * by rebuilding both children's label arrays and counting classes with indexOf, which is quadratic in the node size;
 * measured here it trains 30 trees on 400 rows of 40 features in 10.7 s against scikit-learn's 0.18 s, and 1,000 rows
 * would take minutes: a 25-run bootstrap is out of reach. It also draws features once per tree, not per split. See
 * scripts/bench/areas.ts for the figures against scikit-learn.
 */
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { mulberry32 } from '../synthetic/noise';
import { growTree, TreeScratch, type Tree } from './decision-tree';
import { rankColumns, type FeatureTable } from './feature-ranks';

export type { FeatureTable } from './feature-ranks';

export interface ForestOptions {
  /** Number of trees (the generator uses 30). */
  trees: number;
  /** Deepest split level; null: grow to purity (scikit-learn's and the generator's default). */
  maxDepth?: number | null;
  /** Features tried per split (default: the square root of the feature count). */
  maxFeatures?: number;
  seed?: number;
}

/** Rows the packed (rank, class) keys can hold. */
const MAX_ROWS = 1 << 26;

export class RandomForest {
  private constructor(
    private readonly trees: readonly Tree[],
    /** LCZ value (1-17) of each dense class index the trees use. */
    private readonly classValues: readonly number[],
    readonly columns: number,
  ) {}

  /** Trains on a table of features and the LCZ value (1-17) of each row. */
  static train(table: FeatureTable, lcz: ArrayLike<number>, options: ForestOptions): RandomForest {
    const { rows, columns } = table;
    if (rows < 1 || rows > MAX_ROWS) throw new RangeError(`a forest trains on 1 to ${MAX_ROWS} rows (got ${rows})`);
    if (lcz.length !== rows) throw new RangeError(`${rows} rows but ${lcz.length} labels`);
    if (!(options.trees >= 1)) throw new RangeError(`a forest needs at least one tree (got ${options.trees})`);
    const classValues = [...new Set(Array.from(lcz))].sort((a, b) => a - b);
    const dense = new Map(classValues.map((v, i) => [v, i]));
    const labels = Uint8Array.from(Array.from(lcz), (v) => dense.get(v)!);
    const ranked = rankColumns(table);
    const scratch = new TreeScratch(rows, columns, classValues.length);
    const random = mulberry32(options.seed ?? 1);
    const maxFeatures = Math.min(columns, Math.max(1, options.maxFeatures ?? Math.floor(Math.sqrt(columns))));
    const trees: Tree[] = [];
    const samples = new Int32Array(rows);
    for (let t = 0; t < options.trees; t++) {
      for (let i = 0; i < rows; i++) samples[i] = Math.floor(random() * rows);
      trees.push(growTree(ranked, labels, samples, scratch, { maxFeatures, maxDepth: options.maxDepth ?? null, random }));
    }
    return new RandomForest(trees, classValues, columns);
  }

  /**
   * Probabilities of the 17 LCZ values for each row: rows x 17, row-major (classes absent from training get 0).
   * Rows with a non-finite feature get all zeros (no prediction).
   */
  predictProbabilities(table: FeatureTable): Float32Array {
    const { rows, columns, values } = table;
    if (columns !== this.columns) throw new RangeError(`the forest was trained on ${this.columns} features, not ${columns}`);
    const out = new Float32Array(rows * LCZ_CLASS_COUNT);
    const K = this.classValues.length;
    const weight = 1 / this.trees.length;
    const target = Int32Array.from(this.classValues, (v) => v - 1);
    for (let i = 0; i < rows; i++) {
      const row = i * columns;
      let finite = true;
      for (let j = 0; j < columns; j++) if (!Number.isFinite(values[row + j]!)) finite = false;
      if (!finite) continue;
      const o = i * LCZ_CLASS_COUNT;
      for (const tree of this.trees) {
        let node = 0;
        while (tree.feature[node]! >= 0) node = values[row + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
        const leaf = tree.left[node]! * K;
        for (let c = 0; c < K; c++) out[o + target[c]!]! += tree.leafShares[leaf + c]! * weight;
      }
    }
    return out;
  }

  /** The most probable LCZ value of each row (0 where no prediction). */
  predict(table: FeatureTable): Uint8Array {
    return argmaxClasses(this.predictProbabilities(table), table.rows);
  }
}

/** Most probable LCZ value per row of a rows x 17 probability table; 0 for a row of zeros. */
export function argmaxClasses(probabilities: Float32Array, rows: number): Uint8Array {
  const out = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = -1;
    let top = 0;
    for (let c = 0; c < LCZ_CLASS_COUNT; c++) {
      const p = probabilities[i * LCZ_CLASS_COUNT + c]!;
      if (p > top) {
        top = p;
        best = c;
      }
    }
    out[i] = best + 1;
  }
  return out;
}
