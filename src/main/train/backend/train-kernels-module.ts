/**
 * Our WebAssembly training kernels (wasm/train-kernels-*.c), instantiated on the wasm backend's own memory so they
 * read and write tensors in place. One instance per backend object; with the threaded build, worker threads
 * share the work (see kernel-threads.ts).
 */
import { KernelThreads, type ChunkedCall } from './kernel-threads';
import { memoryOf, type WasmBackendLike } from './wasm-heap';
import { relaxedSimd } from './relaxed-simd';
import { TRAIN_KERNELS_PLAIN, TRAIN_KERNELS_PLAIN_FMA, TRAIN_KERNELS_SHARED, TRAIN_KERNELS_SHARED_FMA } from './wasm/train-kernels-wasm';

export const KERNEL_EXPORTS = [
  'conv2d_backprop_filter',
  'conv2d_backprop_input',
  'transpose_filter',
  'flip_filter',
  'depthwise_backprop_filter',
  'depthwise_backprop_input',
  'sum_into',
  'tile',
  'column_sum',
  'max_pool_grad',
  'batch_norm',
  'conv2d_forward',
  'pack_filter',
  'pad_nhwc',
  'binary_op',
  'scale_values',
] as const;
export type KernelExport = (typeof KERNEL_EXPORTS)[number];

const STACK_BYTES = 64 * 1024;
const GEOMETRY_INTS = 16;

export interface TrainKernels {
  call(name: KernelExport, ...args: number[]): void;
  /** Writes the geometry block (see G_* in the C source) and returns its address. */
  geometry(values: number[]): number;
  /** Runs `name(...fixed, n0, n1)` over images [0, n) (the kernel writes disjoint outputs per image), in chunks
   * shared out between the threads when the work is worth it. */
  splitImages(name: KernelExport, fixed: number[], n: number, work: number): void;
  /** Like splitImages for kernels that add into an output of `size` floats at `out`: each thread adds into a
   * zeroed private copy, summed into `out` at the end. */
  splitImagesReduced(name: KernelExport, fixed: number[], out: number, size: number, n: number, work: number): void;
  readonly threads: number;
  /** Whether the kernels use relaxed-SIMD multiply-adds. */
  readonly fma: boolean;
  /** Stops the worker threads (the backend is being replaced). */
  release(): Promise<void>;
}

/** Below this many multiply-adds a call is not worth waking another thread for. */
const MIN_PARALLEL_WORK = 2e6;

const instances = new WeakMap<object, TrainKernels>();

export function setKernelThreads(count: number): void {
  requestedThreads = Math.max(1, Math.floor(count));
}
let requestedThreads = 1;

/** Stops the kernel threads of a backend object that is going away. */
export async function releaseTrainKernels(backend: object): Promise<void> {
  const kernels = instances.get(backend);
  instances.delete(backend);
  await kernels?.release();
}

export function trainKernelsFor(backend: WasmBackendLike): TrainKernels {
  let kernels = instances.get(backend);
  if (!kernels) {
    kernels = create(backend);
    instances.set(backend, kernels);
  }
  return kernels;
}

function create(backend: WasmBackendLike): TrainKernels {
  const memory = memoryOf(backend);
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const fmaBytes = Buffer.from(shared ? TRAIN_KERNELS_SHARED_FMA : TRAIN_KERNELS_PLAIN_FMA, 'base64');
  const fma = relaxedSimd(fmaBytes);
  const module = new WebAssembly.Module(fma ? fmaBytes : Buffer.from(shared ? TRAIN_KERNELS_SHARED : TRAIN_KERNELS_PLAIN, 'base64'));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as Record<string, unknown>;
  const heap = backend.wasm;
  const stackTop = (): number => heap._malloc(STACK_BYTES) + STACK_BYTES;
  // The module has no data, and no function of it uses a stack today; a stack of its own keeps it so.
  const pointer = exports.__stack_pointer as WebAssembly.Global | undefined;
  if (pointer) pointer.value = stackTop();
  const geometryAt = heap._malloc(GEOMETRY_INTS * 4);
  const fn = (name: KernelExport) => exports[name] as (...args: number[]) => void;
  const pool = shared && requestedThreads > 1 ? new KernelThreads(module, memory, Array.from({ length: requestedThreads - 1 }, stackTop), [...KERNEL_EXPORTS]) : null;
  const threads = pool?.count ?? 1;

  const threadsFor = (n: number, work: number) => (work < MIN_PARALLEL_WORK || !pool ? 1 : Math.min(threads, n));
  // Chunks small enough to share the batch out evenly, large enough to keep calls few.
  const chunkFor = (n: number, t: number) => (t === 1 ? n : Math.max(1, Math.ceil(n / (4 * t))));
  const run = (name: KernelExport, call: ChunkedCall, t: number) => {
    if (t === 1) {
      const fixed = call.outStride ? [...call.fixed, call.outBase!] : call.fixed;
      fn(name)(...fixed, 0, call.n);
    } else pool!.run(name, call, t, fn(name));
  };
  const zero = (at: number, count: number) => new Float32Array(memory.buffer, at, count).fill(0);

  return {
    threads,
    fma,
    release: async () => {
      await pool?.terminate();
    },
    call: (name, ...args) => fn(name)(...args),
    geometry(values) {
      new Int32Array(memory.buffer, geometryAt, GEOMETRY_INTS).set(values.slice(0, GEOMETRY_INTS));
      return geometryAt;
    },
    splitImages(name, fixed, n, work) {
      const t = threadsFor(n, work);
      run(name, { fixed, n, chunk: chunkFor(n, t) }, t);
    },
    splitImagesReduced(name, fixed, out, size, n, work) {
      const t = threadsFor(n, work);
      if (t === 1) {
        zero(out, size);
        return run(name, { fixed: [...fixed, out], n, chunk: n }, 1);
      }
      const parts = heap._malloc(t * size * 4);
      try {
        zero(parts, t * size);
        run(name, { fixed, n, chunk: chunkFor(n, t), outBase: parts, outStride: size * 4 }, t);
        fn('sum_into')(out, parts, size, t);
      } finally {
        heap._free(parts);
      }
    },
  };
}
