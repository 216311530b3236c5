/**
 * A worker thread that runs a bundle's model. onnxruntime-node's run() blocks the thread that calls it (the native
 * run happens inside a setImmediate), so the mapping pipeline hands the model to this thread and cuts the next batch
 * of patches while the current one is classified.
 */
import { parentPort } from 'node:worker_threads';
import { ClassifierSession } from './classifier-session';
import type { FromClassifierWorker, ToClassifierWorker } from './classifier-worker-protocol';

let session: ClassifierSession | null = null;
const port = parentPort!;
const send = (message: FromClassifierWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: ToClassifierWorker) => {
  void (async () => {
    try {
      switch (message.type) {
        case 'open':
          // One model at a time: the previous one is released before the next is loaded.
          await session?.dispose();
          session = null;
          session = await ClassifierSession.open(message.bundle, { threads: message.threads });
          send({ type: 'ready' });
          return;
        case 'run': {
          if (!session) throw new Error('run before open');
          const probabilities = await session.run(message.batch, message.n);
          send({ type: 'result', id: message.id, probabilities, batch: message.batch }, [probabilities.buffer as ArrayBuffer, message.batch.buffer as ArrayBuffer]);
          return;
        }
        case 'dispose':
          await session?.dispose();
          session = null;
          send({ type: 'disposed' });
          return;
      }
    } catch (error) {
      const id = message.type === 'run' ? message.id : null;
      send({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
