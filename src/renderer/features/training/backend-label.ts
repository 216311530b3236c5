import type { BackendInfo } from '../../../shared/contract';

/** "wasm, 2 threads, SIMD": what computed a run, as run.json records it. Pure. */
export function backendLabel(backend: Pick<BackendInfo, 'name' | 'threads' | 'simd'>): string {
  return `${backend.name}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}, ${backend.simd ? 'SIMD' : 'no SIMD'}`;
}
