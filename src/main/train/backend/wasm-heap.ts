/**
 * The parts of tfjs-backend-wasm's backend object our kernels use: its Emscripten module (malloc, free, memory)
 * and where each tensor lives on its heap. Typed here once so kernels never reach into `any`.
 */
import type { DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

export interface EmscriptenHeap {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  /** Set by the threaded build (a shared memory). */
  wasmMemory?: WebAssembly.Memory;
  /** The single-threaded builds export their memory from the instance. */
  asm?: { memory?: WebAssembly.Memory };
}

export interface WasmBackendLike extends KernelBackend {
  wasm: EmscriptenHeap;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

export function asWasmBackend(backend: unknown): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike>;
  if (!b?.wasm || typeof b.wasm._malloc !== 'function' || !b.dataIdMap) throw new Error('not the tfjs wasm backend');
  return b as WasmBackendLike;
}

export function memoryOf(backend: WasmBackendLike): WebAssembly.Memory {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!memory) throw new Error('cannot find the memory of the tfjs wasm backend');
  return memory;
}

/** Byte offset of a tensor's data on the backend's heap. */
export function offsetOf(backend: WasmBackendLike, tensor: TensorInfo): number {
  const data = backend.dataIdMap.get(tensor.dataId);
  if (!data) throw new Error('tensor is not on the wasm backend');
  return data.memoryOffset;
}

export function assertFloat32(kernel: string, ...tensors: TensorInfo[]): void {
  for (const t of tensors) if (t.dtype !== 'float32') throw new Error(`${kernel} on the wasm backend takes float32 tensors, got ${t.dtype}`);
}
