/**
 * Add, Multiply and Sub of float32 tensors of the same shape, or with one side a single value or a trailing
 * block repeated (a per-channel vector against NHWC activations: batch normalisation and its gradient), on our
 * threads: XNNPACK's binary operators run on one thread here (see wasm-loader.ts). Any other broadcast or dtype
 * goes to the backend's kernel.
 */
import { Add, Multiply, Sub, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { trainKernelsFor } from '../train-kernels-module';
import { asWasmBackend, offsetOf } from '../wasm-heap';
import { overrideKernel, type KernelArgs } from './override';

/** Memory-bound: worth a second thread from a few hundred thousand elements. */
const WORK_PER_ELEMENT = 8;
const OPS = { [Add]: 0, [Multiply]: 1, [Sub]: 2 } as Record<string, number>;

/** 0: same shape, 1: `small` is a trailing block of `big`'s shape (leading 1s ignored), 2: one value, null: other. */
function broadcastMode(big: number[], small: number[]): 0 | 1 | 2 | null {
  if (util.arraysEqual(big, small)) return 0;
  if (util.sizeFromShape(small) === 1) return 2;
  const trimmed = small.slice(small.findIndex((d) => d !== 1));
  if (trimmed.length > big.length) return null;
  return util.arraysEqual(big.slice(big.length - trimmed.length), trimmed) ? 1 : null;
}

function binary(kernelName: string, args: KernelArgs): TensorInfo | null {
  const a = args.inputs.a as TensorInfo;
  const b = args.inputs.b as TensorInfo;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const size = util.sizeFromShape(a.shape);
  const swap = util.sizeFromShape(b.shape) > size || (util.sizeFromShape(b.shape) === size && b.shape.length > a.shape.length);
  const [big, small] = swap ? [b, a] : [a, b];
  const mode = broadcastMode(big.shape, small.shape);
  const total = util.sizeFromShape(big.shape);
  if (mode === null || total === 0 || big.shape.length === 0) return null;
  let op = OPS[kernelName]!;
  if (swap && op === 2) op = 3;
  const inner = mode === 1 ? util.sizeFromShape(small.shape) : total / big.shape[0]!;
  const backend = asWasmBackend(args.backend);
  const out = backend.makeOutput(big.shape, 'float32');
  trainKernelsFor(backend).splitImages('binary_op', [op, mode, inner, offsetOf(backend, big), offsetOf(backend, small), offsetOf(backend, out)], total / inner, total * WORK_PER_ELEMENT);
  return out;
}

export const addConfig = () => overrideKernel(Add, (args) => binary(Add, args));
export const multiplyConfig = () => overrideKernel(Multiply, (args) => binary(Multiply, args));
export const subConfig = () => overrideKernel(Sub, (args) => binary(Sub, args));
