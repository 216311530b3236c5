/**
 * The calibration set the Metis compiler quantises with: patches normalised as the bundle normalises them, written
 * one .npy file per patch, float32 [H, W, C] (NHWC), into a folder that resources/metis/compile.py (the SDK's Python
 * API) reads. metis.md: 100-400 samples, default 200. The patches come from a So2Sat LCZ42-format file (the draw and
 * the checks are the int8 quantizer's: onnx/quantize/calibration-data.ts) or from a scene (scene-patches.ts).
 * Written into a temp folder and renamed: a folder with patches is a complete set.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METIS_CALIBRATION } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import type { Bundle } from '../../bundles/bundle-io';
import { calibrationPatches } from '../../onnx/quantize/calibration-data';
import { So2SatFile } from '../../so2sat/so2sat-file';
import { nchwToNhwc } from '../layouts';
import { encodeNpy } from './npy';

export const MIN_CALIBRATION = METIS_CALIBRATION.min;
export const MAX_CALIBRATION = METIS_CALIBRATION.max;
export const DEFAULT_CALIBRATION = METIS_CALIBRATION.default;

export interface CalibrationSet {
  dir: string;
  /** The patches of a So2Sat file used, sorted (none for a scene: its held-out patches are drawn apart). */
  indices: Uint32Array;
  count: number;
  source: string;
}

export function checkSampleCount(samples: number): void {
  if (!Number.isInteger(samples) || samples < MIN_CALIBRATION || samples > MAX_CALIBRATION) {
    throw new UserError(`${samples} calibration patches asked for; the Metis compiler calibrates on ${MIN_CALIBRATION}-${MAX_CALIBRATION} (${DEFAULT_CALIBRATION} by default)`);
  }
}

/** Writes batches of patches (in the bundle's layout) as .npy files into `dir`, whole or not at all; returns how many. */
export async function writeNpyPatches(bundle: Bundle, batches: AsyncIterable<Float32Array> | Iterable<Float32Array>, dir: string): Promise<number> {
  const { layout, patchSize: p } = bundle.manifest.input;
  const c = bundle.manifest.bands.length;
  const temp = `${dir}.partial`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  try {
    let written = 0;
    for await (const batch of batches) {
      const n = batch.length / (p * p * c);
      const nhwc = layout === 'NCHW' ? nchwToNhwc(batch, n, c, p, p) : batch;
      for (let i = 0; i < n; i++) {
        const patch = nhwc.subarray(i * p * p * c, (i + 1) * p * p * c);
        await writeFile(join(temp, `patch-${String(written++).padStart(4, '0')}.npy`), encodeNpy(patch, [p, p, c]));
      }
    }
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
    return written;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** The calibration set drawn from a So2Sat LCZ42-format file. */
export async function writeCalibrationSet(bundle: Bundle, file: string, dir: string, options: { samples?: number; seed?: number; signal?: AbortSignal } = {}): Promise<CalibrationSet> {
  const samples = options.samples ?? DEFAULT_CALIBRATION;
  checkSampleCount(samples);
  const so2sat = await So2SatFile.open(file, { signal: options.signal });
  try {
    if (so2sat.patches < MIN_CALIBRATION) {
      throw new UserError(`holds ${so2sat.patches} patches; the Metis compiler calibrates on ${MIN_CALIBRATION}-${MAX_CALIBRATION}: use a file with at least ${MIN_CALIBRATION}`, file);
    }
    const drawn = await calibrationPatches(so2sat, bundle, samples, options.seed ?? 1, options.signal);
    const count = await writeNpyPatches(bundle, drawn.batches(), dir);
    return { dir, indices: drawn.indices, count, source: file };
  } finally {
    await so2sat.close();
  }
}
