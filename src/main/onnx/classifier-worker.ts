import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../shared/errors';
import { appRoot, runningFromSource } from '../paths';
import type { SessionBundle } from './classifier-session';
import type { FromClassifierWorker, ToClassifierWorker } from './classifier-worker-protocol';

function workerEntry(): string | URL {
  if (runningFromSource()) {
    // Workers ignore --import in execArgv, so a tiny ES module registers tsx in the thread, then loads the entry.
    const entry = new URL('./classifier-worker-entry.ts', import.meta.url).href;
    const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
    return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
  }
  // The electron-vite build puts the worker beside the main bundle (see electron.vite.config.ts).
  return join(appRoot(), 'out', 'main', 'classifier-worker.js');
}

/**
 * A bundle's classifier on its own thread, with the same run() as ClassifierSession: the calling thread stays free
 * while the model works. Each batch is copied once to the worker (a few MB; the copy costs far less than the run).
 */
export class ClassifierWorker {
  private readonly pending = new Map<number, { resolve: (p: Float32Array) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private disposed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly modelPath: string,
  ) {
    worker.on('message', (message: FromClassifierWorker) => {
      if (message.type === 'result') {
        this.pending.get(message.id)?.resolve(message.probabilities);
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
    const worker = new Worker(workerEntry());
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromClassifierWorker) => {
        worker.off('message', onMessage);
        if (message.type === 'ready') resolve();
        // The worker's message already names the file and the problem (a UserError thrown there).
        else reject(new UserError(message.type === 'error' ? message.message.replace(`${bundle.modelPath}: `, '') : 'the classifier thread did not start', bundle.modelPath));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.postMessage({ type: 'open', bundle, threads: options.threads } satisfies ToClassifierWorker);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new ClassifierWorker(worker, bundle.modelPath);
  }

  run(batch: Float32Array, n: number): Promise<Float32Array> {
    const id = this.nextId++;
    const copy = batch.slice();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'run', id, batch: copy, n } satisfies ToClassifierWorker, [copy.buffer]);
    });
  }

  /** Stops the thread; runs still pending (after a cancel) are dropped, not failed: nobody waits for them any more. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.pending.clear();
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    if (this.disposed) return;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
