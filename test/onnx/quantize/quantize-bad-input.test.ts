// What int8 quantization refuses, each with one message naming the file and the problem, before any model runs,
// and with nothing written: NaN in the calibration data, a model with nothing to quantize or computing NaN, bands
// So2Sat does not hold, a target that exists, an int8 parent, settings out of range.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../../src/main/bundles/bundle-io';
import { OnnxGraphBuilder } from '../../../src/main/onnx/graph-builder';
import * as op from '../../../src/main/onnx/op-helpers';
import { quantizeBundle, type QuantizeRequest } from '../../../src/main/onnx/quantize/quantize-bundle';
import { CLASS_COUNT, PATCH_SIZE, SEN2_CHANNELS } from '../../../src/main/so2sat/layout';
import { createSo2SatWriter } from '../../../src/main/so2sat/so2sat-writer';
import { mulberry32 } from '../../../src/main/synthetic/noise';
import { UserError } from '../../../src/shared/errors';
import { manifestFor } from '../../fixtures/onnx-models';
import { randomBundle } from '../../helpers/bundles';

const temp = mkdtempSync(join(tmpdir(), 'lcz-quantize-bad-'));
const warnings: string[] = [];
const ctx = { signal: new AbortController().signal, progress: () => {}, warn: (m: string) => warnings.push(m) };
const PATCHES = 40;
const PIXEL_VALUES = PATCH_SIZE * PATCH_SIZE * SEN2_CHANNELS;
const clean = join(temp, 'clean.h5');
const withNaN = join(temp, 'with-nan.h5');
let bundle: string;

/** A small So2Sat file of reflectance-like noise; `nan` puts NaN at (patch, band) pairs. */
async function so2satFile(path: string, nan: [number, number][] = []): Promise<void> {
  const random = mulberry32(3);
  const sen2 = Float32Array.from({ length: PATCHES * PIXEL_VALUES }, () => 0.02 + 0.3 * random());
  for (const [patch, band] of nan) sen2[patch * PIXEL_VALUES + 100 * SEN2_CHANNELS + band] = Number.NaN;
  const label = new Float32Array(PATCHES * CLASS_COUNT);
  for (let p = 0; p < PATCHES; p++) label[p * CLASS_COUNT + (p % CLASS_COUNT)] = 1;
  const writer = await createSo2SatWriter(path, { patches: PATCHES, dtype: 'float32' });
  writer.append({ sen2, label }, PATCHES);
  await writer.finish();
}

/** Asserts a UserError matching `message`, and that `out` was not created. */
async function refused(request: Partial<QuantizeRequest>, message: RegExp): Promise<void> {
  const out = request.out ?? join(temp, `out-${Math.random().toString(36).slice(2)}`);
  const outExisted = existsSync(out);
  const error = await quantizeBundle({ bundle, calibration: clean, out, ...request }, ctx).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
  if (!outExisted) expect(existsSync(out)).toBe(false);
  // No half-written bundle beside it either.
  expect(readdirSync(temp).filter((f) => f.startsWith('.'))).toEqual([]);
}

beforeAll(async () => {
  await so2satFile(clean);
  await so2satFile(withNaN, [[7, 2], [20, 9]]); // S2.B4 in patch 7, S2.B12 in patch 20
  bundle = await randomBundle(join(temp, 'float'), { seed: 3, widths: [8] });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('int8 quantization refuses bad input', () => {
  it('refuses calibration data holding NaN in a band the model reads, naming the file, the patch and the band', async () => {
    await refused({ calibration: withNaN }, /with-nan\.h5: sen2 holds non-finite values \(NaN or infinite\) in 2 of the 40 patches drawn for calibration, the first: patch 7, band S2\.B4; .*use calibration data without NaN/);
  });

  it('calibrates on the same file when the NaN are in bands the model does not read', async () => {
    const rgbNir = await randomBundle(join(temp, 'rgb-nir'), { seed: 4, widths: [8], bandIds: ['S2.B2', 'S2.B3', 'S2.B8'] });
    warnings.length = 0;
    const result = await quantizeBundle({ bundle: rgbNir, calibration: withNaN, out: join(temp, 'rgb-nir-int8') }, ctx);
    expect(result.convolutions.int8).toBe(1);
    // The file holds fewer patches than the 256 asked: said, and all of them used.
    expect(result.samples).toBe(PATCHES);
    expect(warnings.join('\n')).toMatch(/holds 40 patches: calibrating on all of them, not 256/);
  });

  it('refuses a model with nothing to quantize, saying why', async () => {
    const g = new OnnxGraphBuilder();
    const x = g.input('patches', 'float32', ['N', 10, 32, 32]);
    const weights = g.node1('Identity', [g.initializer('w', new Float32Array(10 * 17).fill(0.1), [10, 17])]);
    g.node1('MatMul', [op.flatten(g, op.globalAveragePool(g, x)), weights], { output: 'logits' });
    g.output('logits', 'float32', ['N', 17]);
    const dir = join(temp, 'weightless');
    await writeBundle(dir, manifestFor(), g.toBytes());
    await refused({ bundle: dir }, /weightless\/model\.onnx: has no Conv, Gemm or MatMul with constant weights \(MatMul "MatMul_node" takes its weights from other tensors, not constants\): there is nothing to quantize/);
  });

  it('refuses a model that computes NaN on the calibration patches', async () => {
    const g = new OnnxGraphBuilder();
    const x = g.input('patches', 'float32', ['N', 10, 32, 32]);
    const w = new Float32Array(4 * 10 * 9).fill(0.01);
    w[5] = Number.NaN;
    const r = op.relu(g, op.conv(g, x, g.initializer('w', w, [4, 10, 3, 3]), null, { kernel: [3, 3], pads: [1, 1, 1, 1] }));
    op.gemm(g, op.flatten(g, op.globalAveragePool(g, r)), g.initializer('d', new Float32Array(17 * 4).fill(0.1), [17, 4]), null, true, 'logits');
    g.output('logits', 'float32', ['N', 17]);
    const dir = join(temp, 'nan-weights');
    await writeBundle(dir, manifestFor(), g.toBytes());
    await refused({ bundle: dir }, /nan-weights\/model\.onnx: the model computes non-finite values \(NaN or infinite\) in its tensor ".+" on the calibration patches/);
  });

  it('refuses a bundle reading bands that So2Sat patches do not hold', async () => {
    const landsat = await randomBundle(join(temp, 'landsat'), { seed: 5, widths: [8], sensor: 'landsat-8' });
    await refused({ bundle: landsat }, /landsat: needs L8\.B\d.*which So2Sat's sen2 does not hold/);
  });

  it('refuses to write over a folder that exists, over its parent, or to quantize an int8 bundle', async () => {
    const taken = join(temp, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'notes.txt'), 'mine');
    await refused({ out: taken }, /taken: already exists; LCZ Studio does not replace it/);
    expect(readdirSync(taken)).toEqual(['notes.txt']);
    await refused({ out: bundle }, /float: is the bundle being quantized; write the int8 bundle to a new folder/);
    const int8 = join(temp, 'int8');
    await quantizeBundle({ bundle, calibration: clean, out: int8 }, ctx);
    await refused({ bundle: int8 }, /int8: is already an int8 bundle; quantize its float parent instead/);
  });

  it('refuses settings out of range', async () => {
    await refused({ method: 'minmax', percentile: 99.9 }, /a percentile is only for percentile calibration, not minmax/);
    await refused({ method: 'percentile', percentile: 40 }, /the percentile is 40; give a share of \|x\| to keep, above 50 and at most 100/);
    await refused({ samples: 0 }, /the number of calibration patches is 0; give a whole number from 1 to 100,000/);
    await refused({ calibration: join(temp, 'missing.h5') }, /missing\.h5/);
  });
});
