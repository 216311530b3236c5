import type { BackendInfo } from '../../../shared/contract';

/** "wasm, 2 threads, SIMD": what computed a run, as run.json records it. Pure. */
export function backendLabel(backend: Pick<BackendInfo, 'name' | 'threads' | 'simd'>): string {
  return `${backend.name}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}, ${backend.simd ? 'SIMD' : 'no SIMD'}`;
}

/** What computed a run in a user's words: "this computer's processor (2 threads)", no engine names. Pure. */
export function userBackendLabel(backend: Pick<BackendInfo, 'name' | 'threads'>): string {
  const threads = `${backend.threads} thread${backend.threads === 1 ? '' : 's'}`;
  return backend.name === 'cpu' ? 'this computer’s processor, without acceleration (slow)' : `this computer’s processor (${threads})`;
}
