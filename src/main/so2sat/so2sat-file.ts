/**
 * A So2Sat LCZ42 HDF5 file, read a batch at a time: random access to any patches without ever loading a dataset
 * (training.h5 is 52 GB of float64). Opening checks the layout (datasets, shapes, types, counts) and streams the
 * labels once (one-hot, class counts); patches are checked as they are read (non-finite values are counted per
 * patch, reported once per dataset, and read as the band mean).
 */
import { UserError } from '../../shared/errors';
import { contiguousDataOffset } from './contiguous-offset';
import { hdf5Call, type H5File, type H5Module } from './hdf5';
import { DEFAULT_CHUNK_CACHE_BYTES, Hdf5RowSource } from './hdf5-row-source';
import { scanLabels, writeSoftLabel, type LabelSummary } from './labels';
import { CLASS_COUNT, readLayout, SEN1_CHANNELS, SEN2_CHANNELS, type DatasetInfo, type So2SatLayout, type So2SatVariant } from './layout';
import { channelCoefficients, normaliseRows, PUBLISHED_SEN2, type Normalisation } from './normalise';
import type { NonFiniteCounts } from '../../shared/contract/training';
import { openHdf5 } from './open-hdf5';
import { DirectRowSource, Scratch, type RowSource, type RowValues } from './row-source';
import { planRuns } from './run-plan';

export interface So2SatOpenOptions {
  /** 'throw' (default): labels that are not one-hot, or unusable votes, are a UserError. 'report': kept in `labels` for the caller to show. */
  labelIssues?: 'throw' | 'report';
  /** Told once per dataset when its patches hold non-finite values. */
  onWarning?: (message: string) => void;
  /** Memory for inflated chunks of compressed datasets (per dataset). */
  chunkCacheBytes?: number;
  /** false: read every dataset through h5wasm, even where plain reads would do (for comparisons and tests). */
  directReads?: boolean;
  signal?: AbortSignal;
}

export interface So2SatBatchOptions {
  /** Also read sen1 (the file must have it). */
  sen1?: boolean;
  /** 'soft': the label distribution (from the votes where the file has them); 'hard': one-hot. Default: soft. */
  labels?: 'soft' | 'hard';
  /** Default: the published So2Sat statistics; null: raw reflectance. */
  sen2Normalisation?: Normalisation | null;
  /** Default: null (raw values); So2Sat publishes no sen1 statistics, compute them with so2satStatistics. */
  sen1Normalisation?: Normalisation | null;
}

/** n patches, channels last (n x 32 x 32 x C), and their labels (n x 17). */
export interface So2SatBatch {
  n: number;
  indices: Uint32Array;
  sen2: Float32Array;
  sen1?: Float32Array;
  labels: Float32Array;
}

export type PatchDataset = 'sen2' | 'sen1';

/** Raw rows (as stored) of a stretch of a dataset. */
export interface RawBlock {
  /** The patch of the first row. */
  start: number;
  count: number;
  values: RowValues;
  /** The patch of each row, when the stream follows chosen patches; otherwise the rows are patches start, start + 1, ... */
  indices?: Uint32Array;
}

/** Rows per sequential read while streaming: about 8 MB. */
const STREAM_BYTES = 8 * 1024 * 1024;

async function rowSource(module: H5Module, file: H5File, path: string, info: DatasetInfo, cacheBytes: number, direct: boolean): Promise<RowSource> {
  const offset = direct ? contiguousDataOffset(module, file, info, path) : null;
  if (offset === null) return new Hdf5RowSource(module, file, path, info, cacheBytes);
  return DirectRowSource.open(path, info.name, info.shape[0]!, info.rowValues, info.float!, offset);
}

export class So2SatFile {
  /**
   * Non-finite values per patch holding any, per dataset: kept by patch so that a patch read at every epoch (and by
   * every member) counts once. Such patches are rare; a map of them stays small.
   */
  private readonly nonFiniteMet: Record<PatchDataset, Map<number, number>> = { sen2: new Map(), sen1: new Map() };
  /** Read buffers not in use: concurrent readBatch calls each take their own. */
  private readonly spare: Scratches[] = [];
  private closed = false;

  private constructor(
    /** The file, as given to open(). */
    readonly path: string,
    readonly layout: So2SatLayout,
    readonly labels: LabelSummary,
    private readonly file: H5File,
    private readonly sources: { sen2: RowSource; sen1: RowSource | null; votes: RowSource | null; hard: RowSource | null },
    private readonly onWarning: ((message: string) => void) | undefined,
  ) {}

  static async open(path: string, options: So2SatOpenOptions = {}): Promise<So2SatFile> {
    const { module, file, path: full } = await openHdf5(path);
    const opened: RowSource[] = [];
    try {
      const layout = hdf5Call(path, 'reading the list of datasets', () => readLayout(file, path));
      const cache = options.chunkCacheBytes ?? DEFAULT_CHUNK_CACHE_BYTES;
      const source = async (info: DatasetInfo | null) => {
        if (!info) return null;
        const made = await rowSource(module, file, full, info, cache, options.directReads ?? true);
        opened.push(made);
        return made;
      };
      const sources = { sen2: (await source(layout.sen2))!, sen1: await source(layout.sen1), hard: await source(layout.hard), votes: await source(layout.votes) };
      const labels = await scanLabels(sources.hard, sources.votes, layout.patches, options.signal);
      if ((options.labelIssues ?? 'throw') === 'throw') checkLabels(path, layout, labels);
      return new So2SatFile(path, layout, labels, file, sources, options.onWarning);
    } catch (error) {
      await Promise.all(opened.map((s) => s.close()));
      file.close();
      throw error;
    }
  }

  get variant(): So2SatVariant {
    return this.layout.variant;
  }

  get patches(): number {
    return this.layout.patches;
  }

  get hasSen1(): boolean {
    return this.sources.sen1 !== null;
  }

  /** Non-finite values met so far in the patches read (each patch counted once), per dataset. */
  nonFinite(): NonFiniteCounts {
    const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    return { sen2: total(this.nonFiniteMet.sen2), sen1: total(this.nonFiniteMet.sen1) };
  }

  /** Like nonFinite(), among some patches only (e.g. those an evaluation scored). */
  nonFiniteAmong(indices: ArrayLike<number>): NonFiniteCounts {
    const count = (m: Map<number, number>) => {
      if (m.size === 0) return 0;
      const wanted = new Set(Array.from(indices));
      let sum = 0;
      for (const [patch, n] of m) if (wanted.has(patch)) sum += n;
      return sum;
    };
    return { sen2: count(this.nonFiniteMet.sen2), sen1: count(this.nonFiniteMet.sen1) };
  }

  /** Patches i, j, ... in the order asked; read in sorted runs, so random batches cost few reads. */
  async readBatch(indices: ArrayLike<number>, options: So2SatBatchOptions = {}): Promise<So2SatBatch> {
    this.assertOpen();
    const scratch = this.spare.pop() ?? newScratches();
    try {
      return this.assemble(await this.fetch(toIndices(indices), options, scratch), options);
    } finally {
      this.spare.push(scratch);
    }
  }

  /**
   * The batches of `order` (an epochOrder, a split, ...) in turn, `batchSize` patches each (the last may be
   * smaller). The next batch's reads are under way while the caller works on this one (and while this one is
   * normalised), so disk and CPU overlap.
   */
  async *batches(order: ArrayLike<number>, batchSize: number, options: So2SatBatchOptions & { signal?: AbortSignal } = {}): AsyncGenerator<So2SatBatch> {
    this.assertOpen();
    const all = toIndices(order);
    const buffers = [newScratches(), newScratches()];
    const fetchAt = (k: number) => this.fetch(all.subarray(k * batchSize, (k + 1) * batchSize), options, buffers[k % 2]!);
    const count = Math.ceil(all.length / batchSize);
    let pending = count > 0 ? fetchAt(0) : null;
    for (let k = 0; k < count; k++) {
      options.signal?.throwIfAborted();
      const fetched = await pending!;
      pending = k + 1 < count ? fetchAt(k + 1) : null;
      // A failed prefetch is reported when its turn comes, not as an unhandled rejection meanwhile.
      pending?.catch(() => undefined);
      yield this.assemble(fetched, options);
    }
  }

  /**
   * Rows of any of the file's So2Sat datasets (sen2, sen1, label, y, y_distributional_urban) as stored (float32 or
   * float64, not normalised, not checked), in the order asked: what h5py's dataset[indices] gives.
   */
  async readRaw(dataset: string, indices: ArrayLike<number>): Promise<RowValues> {
    this.assertOpen();
    const { sen2, sen1, hard, votes } = this.sources;
    const source = [sen2, sen1, hard, votes].find((s) => s?.name === dataset);
    if (!source) throw new UserError(`has no dataset ${dataset} that LCZ Studio reads (it reads sen2, sen1, label, y, y_distributional_urban)`, this.path);
    const list = toIndices(indices);
    const plan = planRuns(list, source.rows, source.gapRows);
    const values = await source.read(plan.runs, new Scratch());
    // Sorted, distinct indices read without gaps are already in place.
    if (values.length === list.length * source.rowValues && plan.rowOf.every((row, i) => row === i)) return values;
    const out = source.float === 'float32' ? new Float32Array(list.length * source.rowValues) : new Float64Array(list.length * source.rowValues);
    const n = source.rowValues;
    for (let i = 0; i < list.length; i++) out.set(values.subarray(plan.rowOf[i]! * n, (plan.rowOf[i]! + 1) * n), i * n);
    return out;
  }

  /** Patches start .. start + count - 1: one read per dataset. */
  readRange(start: number, count: number, options: So2SatBatchOptions = {}): Promise<So2SatBatch> {
    return this.readBatch(Array.from({ length: count }, (_, i) => start + i), options);
  }

  /**
   * The raw values of a patch dataset, in file order, a few MB at a time (for statistics and checks): the patches
   * from `from` to `to`, or only `indices` (sorted, distinct: a run's subset of a big file).
   */
  async *stream(dataset: PatchDataset, options: { from?: number; to?: number; indices?: Uint32Array; rowsPerRead?: number; signal?: AbortSignal } = {}): AsyncGenerator<RawBlock> {
    this.assertOpen();
    const source = this.patchSource(dataset);
    const from = options.from ?? 0;
    const to = Math.min(options.to ?? this.patches, this.patches);
    const step = options.rowsPerRead ?? Math.max(1, Math.floor(STREAM_BYTES / (source.rowValues * (source.float === 'float32' ? 4 : 8))));
    const { indices } = options;
    if (indices) {
      for (let k = 0; k < indices.length; k += step) {
        options.signal?.throwIfAborted();
        const chunk = indices.subarray(k, k + step);
        yield { start: chunk[0]!, count: chunk.length, indices: chunk, values: await this.readRaw(source.name, chunk) };
      }
      return;
    }
    for (let start = from; start < to; start += step) {
      options.signal?.throwIfAborted();
      const count = Math.min(step, to - start);
      yield { start, count, values: await source.read([{ start, count }]) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { sen2, sen1, hard, votes } = this.sources;
    await Promise.all([sen2, sen1, hard, votes].map((s) => s?.close()));
    this.file.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`${this.path} is closed`);
  }

  private patchSource(dataset: PatchDataset): RowSource {
    const source = dataset === 'sen2' ? this.sources.sen2 : this.sources.sen1;
    if (!source) throw new UserError(`has no dataset ${dataset} (it holds ${Object.keys(this.layout.datasets).join(', ')})`, this.path);
    return source;
  }

  /** Reads the rows a batch needs (in sorted runs) into `into`: raw values, not yet normalised. */
  private async fetch(indices: Uint32Array, options: So2SatBatchOptions, into: Scratches): Promise<Fetched> {
    const read = async (source: RowSource, scratch: Scratch) => {
      const plan = planRuns(indices, source.rows, source.gapRows);
      return { rowOf: plan.rowOf, values: await source.read(plan.runs, scratch), rowValues: source.rowValues };
    };
    const votes = (options.labels ?? 'soft') === 'soft' ? this.sources.votes : null;
    const [sen2, sen1, soft] = await Promise.all([
      read(this.patchSource('sen2'), into.sen2),
      options.sen1 ? read(this.patchSource('sen1'), into.sen1) : null,
      votes ? read(votes, into.votes) : null,
    ]);
    return { indices, sen2, sen1, votes: soft };
  }

  private assemble(fetched: Fetched, options: So2SatBatchOptions): So2SatBatch {
    const { indices } = fetched;
    const sen2Norm = options.sen2Normalisation === undefined ? PUBLISHED_SEN2 : options.sen2Normalisation;
    const batch: So2SatBatch = { n: indices.length, indices, sen2: this.normalise('sen2', fetched.sen2, indices, sen2Norm), labels: this.labelsOf(fetched) };
    if (fetched.sen1) batch.sen1 = this.normalise('sen1', fetched.sen1, indices, options.sen1Normalisation ?? null);
    return batch;
  }

  private normalise(dataset: PatchDataset, rows: FetchedRows, indices: Uint32Array, norm: Normalisation | null): Float32Array {
    const { gain, bias } = channelCoefficients(norm, dataset === 'sen2' ? SEN2_CHANNELS : SEN1_CHANNELS);
    const out = new Float32Array(indices.length * rows.rowValues);
    const met = this.nonFiniteMet[dataset];
    const before = met.size;
    const { bad, firstRow } = normaliseRows(rows.values, rows.rowOf, out, rows.rowValues, gain, bias, (row, count) => met.set(indices[row]!, count));
    if (bad && before === 0) {
      // Without a normalisation there is no band mean to put in their place: say what they became.
      const instead = norm ? 'they are read as the band mean (0 after normalisation)' : 'they are read as 0 (these patches are not normalised)';
      // "Met": in the order read (shuffled, in training), not necessarily the first in the file.
      this.onWarning?.(`${this.path}: ${dataset} holds non-finite values (NaN or infinite), first met in patch ${indices[firstRow]!}; ${instead}`);
    }
    return out;
  }

  private labelsOf(fetched: Fetched): Float32Array {
    const { indices, votes } = fetched;
    const out = new Float32Array(indices.length * CLASS_COUNT);
    const { classOf } = this.labels;
    if (votes) {
      const withHard = this.sources.hard !== null;
      for (let i = 0; i < indices.length; i++) writeSoftLabel(votes.values, votes.rowOf[i]!, votes.rowValues, withHard ? classOf[indices[i]!]! : 0, out, i * CLASS_COUNT);
      return out;
    }
    for (let i = 0; i < indices.length; i++) {
      const cls = classOf[indices[i]!]!;
      if (cls) out[i * CLASS_COUNT + cls - 1] = 1;
    }
    return out;
  }
}

interface FetchedRows {
  rowOf: Uint32Array;
  values: RowValues;
  rowValues: number;
}

interface Fetched {
  indices: Uint32Array;
  sen2: FetchedRows;
  sen1: FetchedRows | null;
  votes: FetchedRows | null;
}

interface Scratches {
  sen2: Scratch;
  sen1: Scratch;
  votes: Scratch;
}

const newScratches = (): Scratches => ({ sen2: new Scratch(), sen1: new Scratch(), votes: new Scratch() });

/** Patch indices as a Uint32Array (validated: whole, non-negative; planRuns checks the upper bound). */
function toIndices(indices: ArrayLike<number>): Uint32Array {
  const list = Uint32Array.from(indices);
  for (let i = 0; i < indices.length; i++) {
    if (list[i] !== indices[i]) throw new RangeError(`patch index ${indices[i]} is not a patch number`);
  }
  return list;
}

function checkLabels(path: string, layout: So2SatLayout, labels: LabelSummary): void {
  const name = layout.hard?.name ?? 'label';
  if (labels.nonOneHot > 0) {
    throw new UserError(
      `${labels.nonOneHot.toLocaleString('en-US')} of ${layout.patches.toLocaleString('en-US')} rows of ${name} are not one-hot (exactly one 1, the rest 0), the first at patch ${labels.firstNonOneHot}`,
      path,
    );
  }
  if (labels.badVotes > 0) {
    throw new UserError(
      `${labels.badVotes.toLocaleString('en-US')} rows of ${layout.votes!.name} hold no usable votes (negative, not finite, or all zero without a one-hot label), the first at patch ${labels.firstBadVotes}`,
      path,
    );
  }
}
