/**
 * Runs a bundle's classifier with onnxruntime-node and returns calibrated class probabilities: softmax(logits / T)
 * for logit outputs, p^(1/T) renormalised for probability outputs (the same thing, since p = softmax(logits)). Models
 * exported with a fixed batch size are fed in chunks of that size, the last one zero-padded.
 *
 * onnxruntime-node (1.30) runs inference ON the JS thread: `session.run` returns a promise at once, but its backend
 * then calls the native run synchronously from a setImmediate, so the event loop is blocked for the whole batch (the
 * intra-op threads only split the kernels). Session creation is the same. Use this class only in job processes and
 * workers, never in the Electron main process or the browser-mode server.
 */
import { availableParallelism } from 'node:os';
import { InferenceSession, Tensor, env } from 'onnxruntime-node';
import { UserError } from '../../shared/errors';
import { assertRegularFile } from '../files/input-file';
import type { BundleManifest } from '../../shared/bundle-manifest';

/** The onnxruntime-node version in use (for provenance, benchmarks and bug reports). */
export const ONNXRUNTIME_VERSION: string = env.versions.node ?? env.versions.common;

/**
 * Intra-op threads for this machine: its cores, at most 8. Patch CNNs are small; past about 8 threads onnxruntime
 * spends more time synchronising than computing, and jobs share the machine with the UI.
 */
export function threadsForMachine(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export interface SessionBundle {
  modelPath: string;
  manifest: BundleManifest;
}

export class ClassifierSession {
  /** Values in one patch: channels x patchSize x patchSize. */
  readonly patchLength: number;
  readonly classes: number;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly session: InferenceSession,
    private readonly manifest: BundleManifest,
    private readonly modelPath: string,
  ) {
    this.patchLength = manifest.bands.length * manifest.input.patchSize ** 2;
    this.classes = manifest.classes.length;
  }

  static async open(bundle: SessionBundle, options: { threads?: number } = {}): Promise<ClassifierSession> {
    const threads = options.threads ?? threadsForMachine();
    // ONNX Runtime opens the file by its name on this thread: a FIFO there would block it for good.
    await assertRegularFile(bundle.modelPath, { what: 'an ONNX model file' });
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(bundle.modelPath, {
        intraOpNumThreads: threads,
        // One graph branch at a time: patch CNNs are a chain, and a second pool would only compete for the cores.
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        // No busy-waiting between runs: the pool threads would otherwise spin on the cores the mapping pipeline
        // needs to cut the next batch (run() blocks the JS thread, so the two alternate).
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
    } catch (error) {
      throw new UserError(`onnxruntime cannot load the model: ${error instanceof Error ? error.message : String(error)}`, bundle.modelPath);
    }
    const { input, output } = bundle.manifest;
    for (const [what, name, names] of [['input', input.name, session.inputNames], ['output', output.name, session.outputNames]] as const) {
      if (!names.includes(name)) {
        await session.release();
        throw new UserError(`the manifest names the ${what} "${name}", but the model's ${what}s are ${names.join(', ')}`, bundle.modelPath);
      }
    }
    return new ClassifierSession(session, bundle.manifest, bundle.modelPath);
  }

  /**
   * Class probabilities for n patches, n x K row-major (K = manifest.classes.length). `batch` holds the n patches
   * normalised and laid out as the manifest's input.layout says, one after another. Runs are queued, one at a time.
   */
  run(batch: Float32Array, n: number): Promise<Float32Array> {
    if (!Number.isInteger(n) || n < 0 || batch.length !== n * this.patchLength) {
      return Promise.reject(new Error(`run: ${batch.length} values are not ${n} patches of ${this.patchLength}`));
    }
    const result = this.queue.then(() => this.runNow(batch, n));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async dispose(): Promise<void> {
    await this.queue;
    await this.session.release();
  }

  private async runNow(batch: Float32Array, n: number): Promise<Float32Array> {
    const probabilities = new Float32Array(n * this.classes);
    const chunk = this.manifest.input.fixedBatch ?? Math.max(n, 1);
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      let data = batch.subarray(start * this.patchLength, (start + count) * this.patchLength);
      if (this.manifest.input.fixedBatch !== null && count < chunk) {
        const padded = new Float32Array(chunk * this.patchLength); // zero patches fill the fixed batch; their rows are dropped
        padded.set(data);
        data = padded;
      }
      const scores = await this.scores(data, data.length / this.patchLength);
      calibrate(scores.subarray(0, count * this.classes), this.classes, this.manifest.output.kind, this.manifest.temperature, probabilities.subarray(start * this.classes));
    }
    return probabilities;
  }

  private async scores(data: Float32Array, rows: number): Promise<Float32Array> {
    const { input, output } = this.manifest;
    const size = input.patchSize;
    const channels = this.manifest.bands.length;
    const dims = input.layout === 'NCHW' ? [rows, channels, size, size] : [rows, size, size, channels];
    // Only the class scores are fetched: a model's other outputs (an auxiliary head, features) are not computed.
    const results = await this.session.run({ [input.name]: new Tensor('float32', data, dims) }, [output.name]);
    const tensor = results[output.name]!;
    if (tensor.type !== 'float32' || tensor.dims.length !== 2 || tensor.dims[0] !== rows || tensor.dims[1] !== this.classes) {
      throw new UserError(`the model returned ${tensor.type} [${tensor.dims.join(', ')}] for ${rows} patches, not float32 [${rows}, ${this.classes}]`, this.modelPath);
    }
    return tensor.data as Float32Array;
  }
}

/** Probabilities from raw outputs, row by row, into `out`; temperature T divides logits (or takes p to the 1/T). */
export function calibrate(scores: Float32Array, classes: number, kind: 'logits' | 'probabilities', temperature: number, out: Float32Array): void {
  const rows = scores.length / classes;
  for (let r = 0; r < rows; r++) {
    const row = scores.subarray(r * classes, (r + 1) * classes);
    const target = out.subarray(r * classes, (r + 1) * classes);
    if (kind === 'probabilities' && temperature === 1) {
      target.set(row);
      continue;
    }
    let sum = 0;
    if (kind === 'logits') {
      let max = -Infinity;
      for (const v of row) max = Math.max(max, v);
      // Subtracting the max keeps exp() from overflowing; it cancels in the normalisation.
      for (let k = 0; k < classes; k++) sum += target[k] = Math.exp((row[k]! - max) / temperature);
    } else {
      for (let k = 0; k < classes; k++) sum += target[k] = Math.max(row[k]!, 0) ** (1 / temperature);
    }
    if (!(sum > 0)) target.fill(1 / classes); // an all-zero probability row: nothing to sharpen
    else for (let k = 0; k < classes; k++) target[k]! /= sum;
  }
}
