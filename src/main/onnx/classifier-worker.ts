import { Worker } from 'node:worker_threads';
import { UserError } from '../../shared/errors';
import { builtChildEntry } from '../paths';
import type { SessionBundle } from './classifier-session';
import type { FromClassifierWorker, ToClassifierWorker } from './classifier-worker-protocol';

function workerEntry(): string | URL {
  const built = builtChildEntry('classifier-worker');
  if (built) return built;
  // Workers ignore --import in execArgv, so a tiny ES module registers tsx in the thread, then loads the entry.
  const entry = new URL('./classifier-worker-entry.ts', import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

/** How long dispose() lets the model finish the batches it holds (a few at most, well under a second each). */
const DISPOSE_GRACE_MS = 10_000;

/** A lent batch back from the model: the probabilities, and the batch's memory (the same length) to refill. */
export interface LentRun {
  probabilities: Float32Array;
  batch: Float32Array;
}

/**
 * A bundle's classifier on its own thread, with the same run() as ClassifierSession: the calling thread stays free
 * while the model works. Each batch is copied once to the worker (a few MB; the copy costs far less than the run).
 * The thread holds one model at a time; load() swaps it for another (the members of an ensemble, one after another).
 */
export class ClassifierWorker {
  private readonly pending = new Map<number, { resolve: (r: LentRun) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private disposed = false;
  /** The model loaded now, for messages. */
  private modelPath: string;

  private constructor(
    private readonly worker: Worker,
    private readonly threads: number,
    modelPath: string,
  ) {
    this.modelPath = modelPath;
    worker.on('message', (message: FromClassifierWorker) => {
      if (message.type === 'result') {
        this.pending.get(message.id)?.resolve({ probabilities: message.probabilities, batch: message.batch });
        this.pending.delete(message.id);
      } else if (message.type === 'error' && message.id !== null) {
        this.pending.get(message.id)?.reject(new UserError(message.message, this.modelPath));
        this.pending.delete(message.id);
      }
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`the classifier thread stopped (exit code ${code})`)));
  }

  static async open(bundle: SessionBundle, options: { threads: number }): Promise<ClassifierWorker> {
    const classifier = new ClassifierWorker(new Worker(workerEntry()), options.threads, bundle.modelPath);
    try {
      await classifier.load(bundle);
    } catch (error) {
      await classifier.worker.terminate();
      throw error;
    }
    return classifier;
  }

  /**
   * Loads another bundle's model in this thread, releasing the one it held first (so two are never in memory at
   * once). Every batch lent to the previous model must have come back.
   */
  async load(bundle: SessionBundle): Promise<void> {
    if (this.pending.size > 0) throw new Error('load: the previous model still has batches to return');
    const { worker } = this;
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => settle(new UserError(`the classifier thread stopped while loading the model (exit code ${code})`, bundle.modelPath));
      const settle = (error: Error | null) => {
        worker.off('message', onMessage);
        worker.off('error', settle);
        worker.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (message: FromClassifierWorker) => {
        if (message.type === 'ready') settle(null);
        // The worker's message already names the file and the problem (a UserError thrown there).
        else if (message.type === 'error' && message.id === null) settle(new UserError(message.message.replace(`${bundle.modelPath}: `, ''), bundle.modelPath));
      };
      worker.on('message', onMessage);
      worker.on('error', settle);
      worker.on('exit', onExit);
      worker.postMessage({ type: 'open', bundle, threads: this.threads } satisfies ToClassifierWorker);
    });
    this.modelPath = bundle.modelPath;
  }

  /** Class probabilities for n patches, as ClassifierSession.run; the batch is copied, the caller keeps it. */
  async run(batch: Float32Array, n: number): Promise<Float32Array> {
    return (await this.lend(batch.slice(), n)).probabilities;
  }

  /**
   * Like run() without the copy: the batch's memory moves to the model's thread (the array passed in is left
   * detached) and comes back with the result, for the caller to refill. At 10 MB a batch, the copy was a tenth of
   * the mapping pipeline's own work.
   */
  lend(batch: Float32Array, n: number): Promise<LentRun> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, batch, n } satisfies ToClassifierWorker, [batch.buffer as ArrayBuffer]);
    });
  }

  /**
   * Stops the thread; runs still pending (after a cancel) are dropped, not failed: nobody waits for them any more.
   * The model first finishes the batches it holds and is released: a thread terminated inside a native run aborts
   * the whole process (onnxruntime-node throws a C++ exception nobody catches).
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.pending.clear();
    const released = new Promise<void>((resolve) => {
      const onMessage = (message: FromClassifierWorker) => {
        if (message.type === 'disposed') resolve();
      };
      this.worker.on('message', onMessage);
      this.worker.once('exit', () => resolve());
      setTimeout(resolve, DISPOSE_GRACE_MS).unref();
    });
    this.worker.postMessage({ type: 'dispose' } satisfies ToClassifierWorker);
    await released;
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    if (this.disposed) return;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
