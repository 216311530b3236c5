/**
 * Threads for our own training kernels. When tfjs-backend-wasm runs its threaded build, its heap is a
 * SharedArrayBuffer: a worker_threads Worker can instantiate our kernel module on that same memory and compute
 * part of a batch in place. Calls stay synchronous (tfjs kernels are): the main thread posts a call through a
 * small shared control block, works too, then waits (Atomics.wait is allowed on Node's main thread).
 *
 * The batch is cut into chunks of images that every thread takes from a shared counter until none are left,
 * rather than split in equal parts: on a machine shared with other work one thread is often descheduled, and a
 * fixed share would leave the others waiting for it.
 */
import { Worker } from 'node:worker_threads';

/** A call: `name(...fixed, out, n0, n1)` over chunks of [0, n); `out` is `outBase + thread * outStride` when
 * outStride is not 0 (a private output per thread), else it is the last of `fixed`. */
export interface ChunkedCall {
  fixed: number[];
  n: number;
  chunk: number;
  outBase?: number;
  outStride?: number;
}

// Control block ints: 0 sequence, 1 done, 2 export index, 3 fixed count (-1 after a failure), 4 n, 5 chunk,
// 6 outBase, 7 outStride, 8.. fixed arguments.
const CONTROL_INTS = 8 + 16;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, counter, stackTop, names, thread } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
if (instance.exports.__stack_pointer) instance.exports.__stack_pointer.value = stackTop;
const ctl = new Int32Array(control);
const next = new Int32Array(counter);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  try {
    const fn = instance.exports[names[ctl[2]]];
    const fixed = Array.from(ctl.subarray(8, 8 + ctl[3]));
    const n = ctl[4], chunk = ctl[5], outStride = ctl[7];
    if (outStride !== 0) fixed.push((ctl[6] >>> 0) + thread * outStride);
    for (;;) {
      const c = Atomics.add(next, 0, 1);
      if (c * chunk >= n) break;
      fn(...fixed, c * chunk, Math.min(n, (c + 1) * chunk));
    }
  } catch (error) {
    ctl[3] = -1;
  }
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
`;

export class KernelThreads {
  private readonly controls: Int32Array[] = [];
  private readonly workers: Worker[] = [];
  private readonly next = new Int32Array(new SharedArrayBuffer(4));
  private sequence = 0;

  /** `stackTops[i]` is the top of a stack block (on the shared heap) for worker i. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, stackTops: number[], private readonly names: string[]) {
    stackTops.forEach((stackTop, i) => {
      const control = new SharedArrayBuffer(CONTROL_INTS * 4);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control, counter: this.next.buffer, stackTop, names, thread: i + 1 } });
      // Idle workers sleep in Atomics.wait; they must not keep the process alive.
      worker.unref();
      this.workers.push(worker);
      this.controls.push(new Int32Array(control));
    });
  }

  /** Threads including the caller's. */
  get count(): number {
    return this.workers.length + 1;
  }

  /** Runs the chunks of `call` on `threads` threads (the caller's included, running `here`). */
  run(name: string, call: ChunkedCall, threads: number, here: (...args: number[]) => void): void {
    const index = this.names.indexOf(name);
    if (index < 0) throw new Error(`unknown kernel export ${name}`);
    const sequence = ++this.sequence;
    const busy = this.controls.slice(0, Math.max(0, Math.min(threads, this.count) - 1));
    Atomics.store(this.next, 0, 0);
    for (const ctl of busy) {
      ctl[2] = index;
      ctl[3] = call.fixed.length;
      ctl[4] = call.n;
      ctl[5] = call.chunk;
      ctl[6] = call.outBase ?? 0;
      ctl[7] = call.outStride ?? 0;
      ctl.set(call.fixed, 8);
      Atomics.store(ctl, 0, sequence);
      Atomics.notify(ctl, 0);
    }
    const fixed = call.outStride ? [...call.fixed, call.outBase!] : call.fixed;
    for (;;) {
      const c = Atomics.add(this.next, 0, 1);
      if (c * call.chunk >= call.n) break;
      here(...fixed, c * call.chunk, Math.min(call.n, (c + 1) * call.chunk));
    }
    let failed = false;
    for (const ctl of busy) {
      for (;;) {
        const done = Atomics.load(ctl, 1);
        if (done === sequence) break;
        Atomics.wait(ctl, 1, done, 10_000);
      }
      if (ctl[3] === -1) failed = true;
    }
    if (failed) throw new Error(`training kernel ${name} failed in a worker thread`);
  }

  async terminate(): Promise<void> {
    for (const ctl of this.controls) {
      Atomics.store(ctl, 0, -1);
      Atomics.notify(ctl, 0);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
