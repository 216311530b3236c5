import type { EnsembleFusion } from './fusion';

/** What the mapping engine needs from a model: probabilities for a batch of patches in its own layout. */
export interface PatchClassifier {
  /** n patches (views included) in batch -> n x K probabilities. */
  run(batch: Float32Array, n: number): Promise<Float32Array>;
}

/**
 * Fills batches of patches for one model and runs them two at a time: while ONNX Runtime works on one batch (on its
 * own threads), the next is cut from the scene. Results go straight into the fusion.
 */
export class BatchRunner {
  private readonly buffers: [Float32Array, Float32Array];
  private readonly cells: [Int32Array, Int32Array];
  private current = 0;
  private filled = 0;
  private inflight: Promise<void> | null = null;
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
    this.buffers = [new Float32Array(size), new Float32Array(size)];
    this.cells = [new Int32Array(capacity), new Int32Array(capacity)];
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
    await this.settle();
  }

  /** Starts the full batch on the model (after the previous one finished) and switches to the other buffer. */
  async dispatch(): Promise<void> {
    const which = this.current;
    const n = this.filled;
    const buffer = this.buffers[which]!;
    const cells = this.cells[which]!.slice(0, n);
    await this.settle(); // the other buffer's batch must be done before its buffer is reused below
    const patches = n * this.views;
    this.inflight = this.classifier.run(buffer.subarray(0, patches * this.patchLength), patches).then((probs) => {
      this.fusion.add(this.member, cells, probs, this.classes, this.views);
      this.patchesRun += patches;
      this.onBatchDone(n);
    });
    this.current = 1 - which;
    this.filled = 0;
  }

  private async settle(): Promise<void> {
    if (!this.inflight) return;
    const started = performance.now();
    const pending = this.inflight;
    this.inflight = null;
    await pending;
    this.waitedSeconds += (performance.now() - started) / 1000;
  }
}
