import { describe, expect, it } from 'vitest';
import { backendLabel, userBackendLabel } from './backend-label';

describe('backendLabel', () => {
  it('says backend, threads and SIMD', () => {
    expect(backendLabel({ name: 'wasm', threads: 2, simd: true })).toBe('wasm, 2 threads, SIMD');
    expect(backendLabel({ name: 'cpu', threads: 1, simd: false })).toBe('cpu, 1 thread, no SIMD');
  });

  it('says what computed a run in a user\'s words, without engine names', () => {
    expect(userBackendLabel({ name: 'wasm', threads: 2 })).toBe('this computer’s processor (2 threads)');
    expect(userBackendLabel({ name: 'tensorflow', threads: 1 })).toBe('this computer’s processor (1 thread)');
    expect(userBackendLabel({ name: 'cpu', threads: 1 })).toBe('this computer’s processor, without acceleration (slow)');
  });
});
