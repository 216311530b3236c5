import { describe, expect, it } from 'vitest';
import { backendLabel } from './backend-label';

describe('backendLabel', () => {
  it('says backend, threads and SIMD', () => {
    expect(backendLabel({ name: 'wasm', threads: 2, simd: true })).toBe('wasm, 2 threads, SIMD');
    expect(backendLabel({ name: 'cpu', threads: 1, simd: false })).toBe('cpu, 1 thread, no SIMD');
  });
});
