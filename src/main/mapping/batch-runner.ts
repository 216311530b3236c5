import type { LentRun } from '../onnx/classifier-worker';
import type { EnsembleFusion } from './fusion';

/** What the mapping engine needs from a model: probabilities for a batch of patches in its own layout. */
export interface PatchClassifier {
  /**
   * n patches (views included) in `batch` (exactly n patches long, possibly a view of a larger buffer) -> n x K
   * probabilities. The batch's memory is lent: it may move to another thread, and comes back with the result.
   */
  lend(batch: Float32Array, n: number): Promise<LentRun>;
}

/** Batches in the air at once: one being filled, and up to two with the model (one running, one queued behind it). */
export const RING = 3;

/**
 * Fills batches of patches for one model and keeps the model fed: while it works on one batch (on its own threads),
 * the next waits queued and a third is cut from the scene, so the model never waits for a message round trip
 * between two batches. Results go straight into the fusion.
 */
export class BatchRunner {
  /** One per ring slot; a slot's buffer is away with the model while its batch runs. */
  private readonly buffers: Float32Array[];
  private readonly cells: Int32Array[];
  /** The run of the batch last dispatched from each buffer, until it is settled. */
  private readonly inflight: (Promise<void> | null)[];
  private current = 0;
  private filled = 0;
  /** Seconds spent waiting for the model (for the benchmark's pipeline share). */
  waitedSeconds = 0;
  patchesRun = 0;

  constructor(
    private readonly classifier: PatchClassifier,
    private readonly fusion: EnsembleFusion,
    private readonly member: number,
    private readonly classes: readonly number[],
    /** Cells per batch. */
    readonly capacity: number,
    /** Floats per patch. */
    readonly patchLength: number,
    /** Patches per cell (test-time augmentation views). */
    readonly views: number,
    private readonly onBatchDone: (cells: number) => void,
  ) {
    const size = capacity * views * patchLength;
    this.buffers = Array.from({ length: RING }, () => new Float32Array(size));
    this.cells = Array.from({ length: RING }, () => new Int32Array(capacity));
    this.inflight = new Array<Promise<void> | null>(RING).fill(null);
  }

  /** The buffer the next cell's patch goes into, at `offset`; call commit(cell) once it is written. */
  get buffer(): Float32Array {
    return this.buffers[this.current]!;
  }

  get offset(): number {
    return this.filled * this.views * this.patchLength;
  }

  /** Records the cell just written; true when the batch is full and must be dispatched. */
  commit(cell: number): boolean {
    this.cells[this.current]![this.filled++] = cell;
    return this.filled === this.capacity;
  }

  /** Runs what is left and waits for every batch. */
  async drain(): Promise<void> {
    if (this.filled > 0) await this.dispatch();
    for (let i = 0; i < RING; i++) await this.settle(i);
  }

  /** Starts the full batch on the model and moves to the next buffer, once that buffer's own batch has finished. */
  async dispatch(): Promise<void> {
    const which = this.current;
    const n = this.filled;
    const cells = this.cells[which]!.slice(0, n);
    const patches = n * this.views;
    this.inflight[which] = this.classifier.lend(this.buffers[which]!.subarray(0, patches * this.patchLength), patches).then(({ probabilities, batch }) => {
      this.buffers[which] = new Float32Array(batch.buffer); // the whole buffer again, back from the model's thread
      this.fusion.add(this.member, cells, probabilities, this.classes, this.views);
      this.patchesRun += patches;
      this.onBatchDone(n);
    });
    // Awaited in settle(); until then, a failed run (a cancel drops the rest) must not count as unhandled.
    this.inflight[which].catch(() => undefined);
    this.current = (which + 1) % RING;
    this.filled = 0;
    await this.settle(this.current); // its previous batch must be done before the buffer is refilled
  }

  private async settle(which: number): Promise<void> {
    const pending = this.inflight[which];
    if (!pending) return;
    const started = performance.now();
    this.inflight[which] = null;
    await pending;
    this.waitedSeconds += (performance.now() - started) / 1000;
  }
}
