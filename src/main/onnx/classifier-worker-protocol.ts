import type { SessionBundle } from './classifier-session';

/** Messages to and from the classifier worker thread. */
export type ToClassifierWorker =
  | { type: 'open'; bundle: SessionBundle; threads: number }
  | { type: 'run'; id: number; batch: Float32Array; n: number }
  | { type: 'dispose' };

export type FromClassifierWorker =
  | { type: 'ready' }
  /** The batch comes back too: its memory was moved to the worker and is handed back to be refilled. */
  | { type: 'result'; id: number; probabilities: Float32Array; batch: Float32Array }
  | { type: 'error'; id: number | null; message: string }
  | { type: 'disposed' };
