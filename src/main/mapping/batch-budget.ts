import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { RING } from './batch-runner';
import { WINDOW_SAMPLES } from './scene-windows';

/**
 * How big the model's batches are, from the machine (cores, memory) and the models (patch sizes, views). Members of
 * an ensemble run one after another on the same model thread, so memory follows the largest member's batches, not
 * the number of members; what does grow with them (one vote byte per cell and member) is counted too.
 */

/**
 * Cells per intra-op thread in one run: ONNX Runtime splits a run's patches over its threads, and each run has a
 * fixed cost (a message to the model's thread and back, the session's own setup), so a thread wants a good hundred
 * patches. On two cores this is 256 cells, the batch the mapping benchmark was tuned with (10 MB of 10 x 32 x 32
 * patches).
 */
const CELLS_PER_THREAD = 128;
const MIN_BATCH_CELLS = 8;
const MAX_BATCH_CELLS = 1024;

/** Peak resident memory a mapping aims to stay under (the target), or half the machine's, if less. */
export const MEMORY_TARGET_BYTES = 1.5 * 1024 ** 3;

/**
 * What the job needs whatever the batches: Node and V8, gdal3.js (which writes the result), ONNX Runtime and the
 * model's thread with its session. About 365 MB measured for the demo bundle on a small scene; rounded up.
 */
const RUNTIME_BYTES = 400 * 1024 ** 2;

/**
 * ONNX Runtime's memory during a run, per byte of the batch's input: its copy of the input, the activations, the
 * output. The demo CNN's thread grew by 4.7x the input (190 MB for 1024 patches of 40 KB); deeper models need more,
 * wider ones less: a guess either way, so rounded up.
 */
const MODEL_BYTES_PER_INPUT_BYTE = 5;

/** Bytes per cell of the maps the mapping keeps: the 17 summed probabilities, four float measures, the classes, the count, and the result's 17 UInt16 probability bands when written. */
const BYTES_PER_CELL = LCZ_CLASS_COUNT * 4 + 4 * 4 + 2 + LCZ_CLASS_COUNT * 2;

export interface BatchPlanInput {
  /** ONNX Runtime intra-op threads of the model. */
  threads: number;
  /** Patches per cell: 4 with test-time augmentation. */
  views: number;
  /** Floats in one patch of each member (channels x size x size). */
  patchLengths: readonly number[];
  /** Cells of the output grid. */
  cells: number;
  /** Bytes of one raw scene sample (2 for UInt16). */
  sampleBytes: number;
  /** The machine's memory in bytes. */
  machineBytes: number;
}

export interface BatchPlan {
  /** Cells per model run (each cell is `views` patches). */
  batchCells: number;
  /** Estimated peak resident memory of the mapping, in bytes. */
  estimatedBytes: number;
  /** What the estimate was held under. */
  targetBytes: number;
}

/** Memory the mapping needs besides the batches: runtime, scene windows, per-cell maps. */
function fixedBytes(input: BatchPlanInput): number {
  // Two raw windows (one is read ahead) and the window normalised once for the model, as floats.
  const windows = WINDOW_SAMPLES * (2 * input.sampleBytes + 4);
  // One vote byte per cell and member (for the disagreement).
  const maps = input.cells * (BYTES_PER_CELL + input.patchLengths.length);
  return RUNTIME_BYTES + windows + maps;
}

/** Batches held at once, per cell of a batch: the ring of batches being filled or run, and the model's working memory. */
function bytesPerBatchCell(input: BatchPlanInput): number {
  const patchBytes = Math.max(...input.patchLengths) * 4 * input.views;
  return patchBytes * (RING + MODEL_BYTES_PER_INPUT_BYTE);
}

/** The batch for this machine and these models: as many cells as the cores want, as few as memory needs. */
export function planBatches(input: BatchPlanInput): BatchPlan {
  if (input.patchLengths.length === 0) throw new Error('planBatches: no models');
  const targetBytes = Math.min(MEMORY_TARGET_BYTES, input.machineBytes / 2);
  const perCell = bytesPerBatchCell(input);
  const wanted = Math.min(MAX_BATCH_CELLS, Math.max(1, input.threads) * CELLS_PER_THREAD);
  const affordable = Math.floor((targetBytes - fixedBytes(input)) / perCell);
  const batchCells = Math.max(MIN_BATCH_CELLS, Math.min(wanted, affordable));
  return { batchCells, estimatedBytes: fixedBytes(input) + batchCells * perCell, targetBytes };
}
