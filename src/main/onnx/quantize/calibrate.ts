/**
 * Calibration: runs the float model with ONNX Runtime on the calibration patches, a few at a time, with the tensors
 * to quantize exposed as outputs (calibration-graph.ts), and folds each run's values into per-tensor statistics
 * before the next run, so memory holds one run's activations, never the whole set. Each tensor's range:
 *
 * - minmax: the smallest and largest value met (onnxruntime.quantization's default); one pass;
 * - percentile: the range holding `percentile` % of |x| (an AbsHistogram), clipped to the values met;
 * - entropy: the range minimising the KL divergence of quantization (a SymmetricHistogram, entropy.ts).
 * The histogram methods take a second pass, binning over the ranges the first found (histogram.ts says why).
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { UserError } from '../../../shared/errors';
import { entropyRange } from './entropy';
import { AbsHistogram, SymmetricHistogram } from './histogram';
import type { Range } from './quant-params';

export const DEFAULT_PERCENTILE = 99.99;

export type CalibrationSettings = { method: 'minmax' } | { method: 'entropy' } | { method: 'percentile'; percentile: number };

/** Activation values a run may return: runs are sized to stay under this (64 MB of float32). */
const RUN_VALUES = 16 * 1024 * 1024;
const MAX_RUN_PATCHES = 64;

export interface CalibrationRun {
  /** The calibration graph (the float model with `tensors` as extra outputs). */
  model: Uint8Array;
  /** Names the file in messages (the bundle's model). */
  modelFile: string;
  inputName: string;
  /** The tensors to calibrate; the graph input among them is measured from the patches fed. */
  tensors: readonly string[];
  /** The calibration patches, normalised and laid out as the model takes them, a batch at a time (read anew per pass). */
  batches: () => AsyncIterable<Float32Array>;
  /** How many patches the batches hold in all (for progress). */
  patches: number;
  /** The input's dims for one patch ([C, H, W] or [H, W, C]). */
  patchDims: readonly number[];
  threads: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

type Visit = (tensor: string, values: Float32Array) => void;

export async function calibrateRanges(run: CalibrationRun, settings: CalibrationSettings): Promise<Map<string, Range>> {
  const session = await InferenceSession.create(run.model, { intraOpNumThreads: run.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
  try {
    const passes = settings.method === 'minmax' ? 1 : 2;
    const ranges = new Map(run.tensors.map((t) => [t, { min: Infinity, max: -Infinity }]));
    const size = await pass(session, run, 0, passes, 0, (tensor, values) => {
      const range = ranges.get(tensor)!;
      const { min, max } = extremes(values, tensor, run.modelFile);
      range.min = Math.min(range.min, min);
      range.max = Math.max(range.max, max);
    });
    if (settings.method === 'minmax') return ranges;

    const absMax = (r: Range) => Math.max(-r.min, r.max);
    if (settings.method === 'percentile') {
      const histograms = new Map(run.tensors.map((t) => [t, new AbsHistogram(absMax(ranges.get(t)!))]));
      await pass(session, run, 1, passes, size, (tensor, values) => histograms.get(tensor)!.add(values));
      return new Map(
        run.tensors.map((t) => {
          const { min, max } = ranges.get(t)!;
          const threshold = histograms.get(t)!.threshold(settings.percentile / 100);
          return [t, { min: Math.max(-threshold, min), max: Math.min(threshold, max) }];
        }),
      );
    }
    const histograms = new Map(run.tensors.map((t) => [t, new SymmetricHistogram(absMax(ranges.get(t)!))]));
    await pass(session, run, 1, passes, size, (tensor, values) => histograms.get(tensor)!.add(values));
    return new Map(run.tensors.map((t) => [t, entropyRange(histograms.get(t)!, ranges.get(t)!.min, ranges.get(t)!.max)]));
  } finally {
    await session.release();
  }
}

/**
 * One pass over the calibration patches, `size` patches per run (0: the first run takes one patch, measures how
 * many values a patch exposes, and sizes the other runs); returns the run size used.
 */
async function pass(session: InferenceSession, run: CalibrationRun, index: number, passes: number, size: number, visit: Visit): Promise<number> {
  const patchLength = run.patchDims.reduce((a, b) => a * b, 1);
  const fetched = run.tensors.filter((t) => t !== run.inputName);
  let done = 0;
  for await (const batch of run.batches()) {
    const count = batch.length / patchLength;
    for (let start = 0; start < count; ) {
      run.signal?.throwIfAborted();
      const n = Math.min(size || 1, count - start);
      const data = batch.subarray(start * patchLength, (start + n) * patchLength);
      const results = fetched.length ? await session.run({ [run.inputName]: new Tensor('float32', data, [n, ...run.patchDims]) }, fetched) : {};
      let values = 0;
      for (const tensor of run.tensors) {
        const tensorValues = tensor === run.inputName ? data : (results[tensor]!.data as Float32Array);
        values += tensorValues.length;
        visit(tensor, tensorValues);
      }
      size ||= Math.max(1, Math.min(MAX_RUN_PATCHES, Math.floor(RUN_VALUES / values)));
      start += n;
      done += n;
      run.onProgress?.(index * run.patches + done, passes * run.patches);
    }
  }
  return size;
}

function extremes(values: Float32Array, tensor: string, file: string): Range {
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v - v !== 0) finite = false; // NaN and infinities
  }
  if (!finite) {
    throw new UserError(`the model computes non-finite values (NaN or infinite) in its tensor "${tensor}" on the calibration patches, so no int8 range fits it; check the model on float data first`, file);
  }
  return { min, max };
}
