/**
 * The optional native backend: @tensorflow/tfjs-node, when the user installed it and it works here. It is loaded
 * with a dynamic import (it is not a dependency: its install script downloads libtensorflow) and every way it can
 * fail is turned into a sentence for the notes.
 */
import { conv2d, findBackend, getBackend, grad, setBackend, sum, tensor4d, type Tensor4D } from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';

const PACKAGE = '@tensorflow/tfjs-node';

export type NativeAttempt = { ok: true; version: string } | { ok: false; reason: string };

export async function tryTfjsNode(): Promise<NativeAttempt> {
  const require = createRequire(import.meta.url);
  let version: string;
  try {
    version = (require(`${PACKAGE}/package.json`) as { version: string }).version;
  } catch {
    return { ok: false, reason: `${PACKAGE} is not installed (optional: \`npm install ${PACKAGE}\` where its libtensorflow download works)` };
  }
  try {
    // A variable specifier: bundlers must leave this import alone, and TypeScript need not know the package.
    const specifier: string = PACKAGE;
    await import(specifier);
  } catch (error) {
    return { ok: false, reason: `${PACKAGE} ${version} is installed but does not load: ${firstLine(error)}` };
  }
  if (!findBackend('tensorflow') && !(await setBackend('tensorflow').catch(() => false))) {
    return { ok: false, reason: `${PACKAGE} ${version} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core (a version mismatch installs a second copy)` };
  }
  try {
    if (!(await setBackend('tensorflow')) || getBackend() !== 'tensorflow') throw new Error('setBackend refused it');
    // The kernels training needs, on a tiny case.
    const x = tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const g = grad((w) => sum(conv2d(x, w as Tensor4D, 1, 'same')))(tensor4d([1], [1, 1, 1, 1]));
    const value = (await g.data())[0];
    if (value !== 10) throw new Error(`a convolution gradient came out as ${value}, not 10`);
  } catch (error) {
    return { ok: false, reason: `${PACKAGE} ${version} loaded but does not work: ${firstLine(error)}` };
  }
  return { ok: true, version };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}
