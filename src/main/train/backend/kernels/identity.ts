/**
 * Identity, and Cast to the same dtype, without a copy: the output shares the input's data, counted by reference (tensors are immutable, and
 * the wasm backend's own Reshape shares data the same way). The backend copies every byte.
 */
import { Cast, Identity, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasmBackend } from '../wasm-heap';
import { overrideKernel } from './override';

export function identityConfig() {
  return overrideKernel(Identity, (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return null;
    const backend = asWasmBackend(args.backend);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}

export function castConfig() {
  return overrideKernel(Cast, (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string' || x.dtype !== args.attrs.dtype) return null;
    const backend = asWasmBackend(args.backend);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
