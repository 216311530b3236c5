/**
 * The model as it goes to the compiler: the bundle's model with the fixes it needs (model-fixes.ts), then checked
 * with ONNX Runtime: the prepared model must load, and give the same outputs as the bundle's model for the same
 * patches (a graph with its batch size built in, say a Reshape to [8, -1], fails here with a message, not later in
 * the 2-5 minute compile).
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { CompileFix } from '../../../shared/contract/metis';
import type { BundleManifest } from '../../../shared/bundle-manifest';
import { UserError } from '../../../shared/errors';
import { mulberry32 } from '../../synthetic/noise';
import { onnx, type ModelProto } from '../../onnx/onnx-proto';
import { nhwcToNchw } from '../layouts';
import { declareOpset14, fixInputShape, neededFixes, removeNoOps, stripInputTranspose } from './model-fixes';

export interface PreparedModel {
  bytes: Uint8Array;
  fixes: CompileFix[];
  /** The prepared model's input layout (NCHW once an input Transpose is removed); the card itself takes NHWC. */
  layout: 'NCHW' | 'NHWC';
  /** [1, C, H, W] or [1, H, W, C]. */
  inputDims: number[];
  inputName: string;
}

/** The input dims a bundle's model should have for the compiler: batch 1 and the manifest's patch shape. */
export function wantedDims(manifest: BundleManifest): number[] {
  const c = manifest.bands.length;
  const p = manifest.input.patchSize;
  return manifest.input.layout === 'NCHW' ? [1, c, p, p] : [1, p, p, c];
}

/** Applies the fixes a model needs, in place; returns them in the order applied. */
export function applyFixes(model: ModelProto, manifest: BundleManifest): { fixes: CompileFix[]; layout: 'NCHW' | 'NHWC' } {
  const fixes = neededFixes(model, wantedDims(manifest));
  if (fixes.includes('input-shape')) fixInputShape(model, wantedDims(manifest));
  if (fixes.includes('input-transpose')) stripInputTranspose(model);
  if (fixes.includes('opset-14')) declareOpset14(model);
  if (fixes.includes('no-ops')) removeNoOps(model);
  const layout = fixes.includes('input-transpose') ? 'NCHW' : manifest.input.layout;
  return { fixes, layout };
}

function refused(error: unknown, file: string, fixes: readonly string[]): UserError {
  const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new UserError(`the model cannot be prepared for the Metis compiler (${fixes.join(', ')}): ONNX Runtime refuses the result (${why}); the graph may have its batch size built in: re-export it with batch 1 (for PyTorch: an example input of shape (1, C, H, W) and no dynamic axes)`, file);
}

async function session(bytes: Uint8Array, file: string, fixes: readonly string[]): Promise<InferenceSession> {
  try {
    return await InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'basic' });
  } catch (error) {
    throw refused(error, file, fixes);
  }
}

/** Prepares a bundle's model for the compiler and proves the result computes what the original does. */
export async function prepareModel(bytes: Uint8Array, manifest: BundleManifest, file: string): Promise<PreparedModel> {
  const model = onnx.ModelProto.decode(bytes);
  const { fixes, layout } = applyFixes(model, manifest);
  const prepared = onnx.ModelProto.encode(model).finish();
  const c = manifest.bands.length;
  const p = manifest.input.patchSize;
  const random = mulberry32(11);
  const patch = Float32Array.from({ length: c * p * p }, () => random() * 4 - 2); // in the bundle's layout
  const dims = wantedDims(manifest);
  const original = await session(bytes, file, ['none']);
  const after = await session(prepared, file, fixes);
  try {
    const outName = manifest.output.name;
    // A model with a fixed batch B takes B copies; its first row is compared.
    const b = manifest.input.fixedBatch ?? 1;
    const batch = new Float32Array(patch.length * b).map((_, i) => patch[i % patch.length]!);
    const all = (await original.run({ [manifest.input.name]: new Tensor('float32', batch, [b, ...dims.slice(1)]) }, [outName]))[outName]!.data as Float32Array;
    const before = all.subarray(0, all.length / b);
    const input = layout === manifest.input.layout ? patch : nhwcToNchw(patch, 1, p, p, c);
    const inputDims = layout === 'NCHW' ? [1, c, p, p] : [1, p, p, c];
    const now = (
      await after.run({ [manifest.input.name]: new Tensor('float32', input, inputDims) }, [outName]).catch((error: unknown) => {
        throw refused(error, file, fixes);
      })
    )[outName]!.data as Float32Array;
    const worst = before.reduce((m, v, i) => Math.max(m, Math.abs(v - now[i]!) / Math.max(1, Math.abs(v))), 0);
    if (before.length !== now.length || !(worst < 1e-4)) {
      throw new UserError(`preparing the model for the Metis compiler (${fixes.join(', ')}) changed its outputs (by up to ${worst.toExponential(2)}); re-export it with batch 1 and opset 14-17`, file);
    }
    return { bytes: prepared, fixes, layout, inputDims, inputName: manifest.input.name };
  } finally {
    await Promise.all([original.release(), after.release()]);
  }
}
