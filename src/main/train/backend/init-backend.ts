/**
 * Chooses the TensorFlow.js backend for training, once per process: tfjs-node when installed and working, else
 * the wasm backend (threaded when asked and possible) with our training kernels, else the cpu backend. Every
 * step of the choice is told in `notes`.
 */
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers the gradient functions of every op with tfjs-core (its node bundle carries them).
import '@tensorflow/tfjs-layers';
import { findBackend, getBackend, setBackend, version_core } from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { availableParallelism } from 'node:os';
import { registerLeanGradients } from './gradients';
import { registerTrainingKernels } from './register-kernels';
import { setKernelThreads, trainKernelsFor } from './train-kernels-module';
import { asWasmBackend } from './wasm-heap';
import { tryTfjsNode } from './tfjs-node';
import { registerWasmBackend, useWasmPathsFromPackage, wasmPackageVersion } from './wasm-loader';

export type TrainingBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TrainingBackendOptions {
  /** Threads for the wasm backend's training kernels. Default: the machine's cores, at most 4. */
  threads?: number;
  /** Skip the backends before this one in the order tensorflow, wasm, cpu. */
  prefer?: TrainingBackendName;
}

export interface TrainingBackend {
  name: TrainingBackendName;
  threads: number;
  simd: boolean;
  /** tfjs-core's version, and the backend package's. */
  version: string;
  notes: string[];
}

let current: Promise<TrainingBackend> | null = null;
let currentKey = '';

export function initTrainingBackend(options: TrainingBackendOptions = {}): Promise<TrainingBackend> {
  const key = JSON.stringify(options);
  if (!current || key !== currentKey) {
    currentKey = key;
    current = choose(options);
  }
  return current;
}

async function choose({ threads, prefer = 'tensorflow' }: TrainingBackendOptions): Promise<TrainingBackend> {
  const notes: string[] = [];
  notes.push(`leaner gradients (same values) for ${registerLeanGradients().join(', ')}`);
  const wanted = Math.max(1, Math.floor(threads ?? Math.min(4, availableParallelism())));

  if (prefer === 'tensorflow') {
    const native = await tryTfjsNode();
    if (native.ok) {
      notes.push(`@tensorflow/tfjs-node ${native.version}: native TensorFlow (its own threads)`);
      return { name: 'tensorflow', threads: wanted, simd: true, version: `tfjs-core ${version_core}, tfjs-node ${native.version}`, notes };
    }
    notes.push(`not tfjs-node: ${native.reason}`);
  }

  if (prefer !== 'cpu') {
    const wasm = await tryWasm(wanted, notes);
    if (wasm) return wasm;
  }

  await setBackend('cpu');
  notes.push('cpu backend: plain JavaScript, correct but very slow for convolutions');
  return { name: 'cpu', threads: 1, simd: false, version: `tfjs-core ${version_core}, tfjs-backend-cpu ${version_core}`, notes };
}

async function tryWasm(wanted: number, notes: string[]): Promise<TrainingBackend | null> {
  const version = `tfjs-core ${version_core}, tfjs-backend-wasm ${wasmPackageVersion()}`;
  useWasmPathsFromPackage();
  const kernels = registerTrainingKernels();
  for (const threads of wanted > 1 ? [wanted, 1] : [1]) {
    try {
      const { simd, threads: loading } = await registerWasmBackend(threads);
      setKernelThreads(loading);
      if (!(await setBackend('wasm')) || getBackend() !== 'wasm') throw new Error('the backend did not initialise');
      const actual = getThreadsCount();
      const fma = trainKernelsFor(asWasmBackend(findBackend('wasm'))).fma;
      if (loading > 1) {
        notes.push(`wasm backend, threaded SIMD build (the package disables threads under Node; we load its pthread worker from a file instead of a Blob): ${loading} threads for our kernels, which run every convolution; XNNPACK on ${actual}, as its own thread pool was slower`);
      } else {
        notes.push(`wasm backend, ${simd ? 'SIMD' : 'plain (no SIMD in this engine)'} build, 1 thread${wanted > 1 ? ' (the threaded build failed: see above)' : ''}`);
      }
      notes.push(`training kernels registered for wasm: ${kernels.join(', ')}; ${fma ? 'with relaxed-SIMD fused multiply-adds' : 'without fused multiply-adds (relaxed SIMD unavailable or LCZ_WASM_FMA=0)'}`);
      return { name: 'wasm', threads: loading, simd, version, notes };
    } catch (error) {
      notes.push(`wasm backend with ${threads} thread(s) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return null;
}
