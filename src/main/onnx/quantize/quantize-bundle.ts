/**
 * Int8 post-training quantization of a bundle: the bundle's float model (BatchNormalization folded into its
 * convolutions) is calibrated on patches of a So2Sat-format file, rewritten as a QDQ model (quantize-plan.ts,
 * qdq-writer.ts), checked against ONNX Runtime (it loads it, and fuses its convolutions into QLinearConv), and
 * written as a bundle of its own: same inputs, bands, classes and temperature as its parent, whose name and model
 * hash its manifest records. Everything that can be refused is refused before the model runs; the bundle is
 * written complete or not at all (bundle-io.ts).
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { QUANTIZATION_SCHEME, type BundleManifestInput, type BundleQuantization, type QuantizationMethod } from '../../../shared/bundle-manifest';
import { UserError } from '../../../shared/errors';
import { readBundle, writeBundle, type Bundle } from '../../bundles/bundle-io';
import { So2SatFile } from '../../so2sat/so2sat-file';
import type { RunContext } from '../../train/run-context';
import { threadsForMachine } from '../classifier-session';
import { PRODUCER_NAME, producerVersion } from '../producer';
import { decodeModel, readModelBytes } from '../read-model';
import { DEFAULT_PERCENTILE, type CalibrationSettings } from './calibrate';
import { calibrationPatches } from './calibration-data';
import { convolutionCounts, optimisedOps } from './ort-fusion';
import type { FloatOp } from './quantize-plan';
import { prepareQuantization, quantizeModel, type CalibrationInput, type QuantizedModel } from './quantize-model';

export const DEFAULT_CALIBRATION_SAMPLES = 256;
const MAX_CALIBRATION_SAMPLES = 100_000;

export interface QuantizeRequest {
  /** The float bundle's folder. */
  bundle: string;
  /** A So2Sat LCZ42-format HDF5 file to calibrate on. */
  calibration: string;
  /** The new bundle's folder: must not exist yet (or be empty). */
  out: string;
  /** Default minmax. */
  method?: QuantizationMethod;
  /** Percentile calibration: the share of |x| kept, in % (default 99.99). */
  percentile?: number;
  /** Patches to calibrate on (default 256; all of them when the file holds fewer). */
  samples?: number;
  /** Seed of the draw of calibration patches (default 1). */
  seed?: number;
  /** Weights in 7 bits, [-64, 64] (default true: full 8-bit weights saturate ORT's kernels on x86 without VNNI). */
  reduceRange?: boolean;
}

export interface QuantizeResult {
  bundle: Bundle;
  /** Operators with no int8 form, left in float. */
  leftInFloat: FloatOp[];
  /** Nodes running in int8, by op type. */
  quantized: Record<string, number>;
  foldedBatchNorms: number;
  samples: number;
  /** Convolutions in ONNX Runtime's optimised graph: fused into QLinearConv, and still in float. */
  convolutions: { int8: number; float: number };
}

/** "Mean (no int8 form)", or null when nothing was left in float. */
export function leftInFloatText(ops: readonly FloatOp[]): string | null {
  return ops.length ? ops.map((o) => `${o.op}${o.count > 1 ? ` x${o.count}` : ''} (${o.reason})`).join(', ') : null;
}

function settingsOf(request: QuantizeRequest): CalibrationSettings {
  const method = request.method ?? 'minmax';
  if (method !== 'percentile') {
    if (request.percentile !== undefined) throw new UserError(`a percentile is only for percentile calibration, not ${method}`);
    return { method };
  }
  const percentile = request.percentile ?? DEFAULT_PERCENTILE;
  if (!(percentile > 50 && percentile <= 100)) throw new UserError(`the percentile is ${percentile}; give a share of |x| to keep, above 50 and at most 100 (for example 99.99)`);
  return { method, percentile };
}

/**
 * A bundle made from another (int8, pruned) goes into a new or empty folder, never over its parent: refused before
 * any work. `made` says what is made ("int8"), `verb` what is done to the parent ("quantized").
 */
export async function checkNewBundleFolder(out: string, parent: string, made: string, verb: string): Promise<void> {
  if (out === parent) throw new UserError(`is the bundle being ${verb}; write the ${made} bundle to a new folder`, out);
  const info = await stat(out).catch(() => undefined);
  if (info && (!info.isDirectory() || (await readdir(out)).length > 0)) throw new UserError(`already exists; LCZ Studio does not replace it: choose a new folder for the ${made} bundle`, out);
}

export async function quantizeBundle(request: QuantizeRequest, ctx: RunContext): Promise<QuantizeResult> {
  const settings = settingsOf(request);
  const reduceRange = request.reduceRange ?? true;
  const samples = request.samples ?? DEFAULT_CALIBRATION_SAMPLES;
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_CALIBRATION_SAMPLES) {
    throw new UserError(`the number of calibration patches is ${samples}; give a whole number from 1 to ${MAX_CALIBRATION_SAMPLES.toLocaleString('en-US')} (about 100-400 is usual)`);
  }
  const out = resolve(request.out);
  const parent = await readBundle(request.bundle);
  await checkNewBundleFolder(out, parent.dir, 'int8', 'quantized');
  if (parent.manifest.provenance.quantization) throw new UserError('is already an int8 bundle; quantize its float parent instead', parent.dir);

  const parentBytes = await readModelBytes(parent.modelPath);
  const prepared = prepareQuantization(decodeModel(parentBytes, parent.modelPath), parent.modelPath);

  const file = await So2SatFile.open(request.calibration, { signal: ctx.signal, onWarning: ctx.warn });
  let model: QuantizedModel;
  let drawn: number;
  try {
    ctx.progress({ stage: 'Checking the calibration patches', done: 0, total: 1 });
    const patches = await calibrationPatches(file, parent, samples, request.seed ?? 1, ctx.signal);
    drawn = patches.indices.length;
    if (drawn < samples) ctx.warn(`${file.path} holds ${drawn} patches: calibrating on all of them, not ${samples}`);
    const stage = `Calibrating (${settings.method}) on ${drawn} patches`;
    const input: CalibrationInput = {
      modelFile: parent.modelPath,
      inputName: parent.manifest.input.name,
      batches: patches.batches,
      patches: drawn,
      patchDims: patches.patchDims,
      threads: threadsForMachine(),
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress({ stage, done, total }),
    };
    model = await quantizeModel(prepared, input, { calibration: settings, reduceRange, docString: `int8 QDQ model of "${parent.manifest.name}" (${QUANTIZATION_SCHEME})` });
  } finally {
    await file.close();
  }
  ctx.progress({ stage: 'Checking that ONNX Runtime fuses the int8 model', done: 0, total: 1 });
  const convolutions = convolutionCounts(await optimisedOps(model.bytes));
  if (convolutions.float > 0) ctx.warn(`ONNX Runtime runs ${convolutions.float} of the model's convolutions in float (not fused into QLinearConv)`);

  const quantization: BundleQuantization = {
    scheme: QUANTIZATION_SCHEME,
    reduceRange,
    method: settings.method,
    ...(settings.method === 'percentile' ? { percentile: settings.percentile } : {}),
    calibration: { file: resolve(request.calibration), samples: drawn },
    parent: { name: parent.manifest.name, sha256: createHash('sha256').update(parentBytes).digest('hex') },
    leftInFloat: model.leftInFloat.map((o) => o.op),
  };
  const bundle = await writeBundle(out, manifestFor(parent, quantization, request), model.bytes);
  return { bundle, leftInFloat: model.leftInFloat, quantized: model.quantized, foldedBatchNorms: model.foldedBatchNorms, samples: drawn, convolutions };
}

function manifestFor(parent: Bundle, quantization: BundleQuantization, request: QuantizeRequest): BundleManifestInput {
  const p = parent.manifest;
  const how = `${quantization.method}${quantization.percentile !== undefined ? ` ${quantization.percentile} %` : ''} calibration on ${quantization.calibration.samples} patches of ${basename(quantization.calibration.file)}`;
  const options = [quantization.reduceRange ? '' : '--full-range', `--method ${quantization.method}`, quantization.percentile !== undefined ? `--percentile ${quantization.percentile}` : '', `--samples ${request.samples ?? DEFAULT_CALIBRATION_SAMPLES}`, request.seed !== undefined ? `--seed ${request.seed}` : ''];
  return {
    ...p,
    name: `${p.name} · int8`.slice(0, 200),
    description: `The int8 version of "${p.name}" (${how}). ${p.description}`.slice(0, 4000),
    provenance: {
      createdAt: new Date().toISOString(),
      createdBy: `${PRODUCER_NAME} ${producerVersion()}`,
      method: `int8 post-training quantization of "${p.name}" (${QUANTIZATION_SCHEME}); ${how}`,
      reproduce: `lcz quantize --bundle ${parent.dir} --calibration ${quantization.calibration.file} ${options.filter(Boolean).join(' ')} --out ${resolve(request.out)}`,
      source: quantization.calibration.file,
      seed: request.seed ?? 1,
      quantization,
    },
    // The parent's figures were measured on the float model; the int8 one has its own once evaluated.
    metrics: {},
  };
}
