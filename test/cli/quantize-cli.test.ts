// `lcz quantize`: the demo bundle (a Sen2LCZ-Net, whose heads are averaged by a Mean, an operator with no int8
// form) becomes an int8 bundle that leaves the Mean in float and says so, passes the ONNX checker and maps the
// synthetic city. Bad input: calibration data with NaN, an int8 bundle to quantize again; one line each, nothing
// written.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleManifestSchema, QUANTIZATION_SCHEME } from '../../src/shared/bundle-manifest';
import { lczCli, REPO_ROOT } from '../helpers/lcz-cli';
import { onnxCheckerFailures } from '../helpers/onnx-checker';
import { pythonMissing } from '../helpers/python';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-quantize-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const lcz = lczCli({ cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 180_000 });
const at = (name: string) => join(temp, name);
const DEMO_BUNDLE = join(REPO_ROOT, 'resources', 'demo', 'bundle');
const PATCH_VALUES = 32 * 32 * 10;

beforeAll(async () => {
  await writeSmallSo2Sat(at('calibration.h5'), { n: 80, seed: 2 });
  // NaN in band S2.B5 (index 3) of patch 12.
  await writeSmallSo2Sat(at('with-nan.h5'), { n: 80, seed: 2, nonFinite: [['sen2', 12 * PATCH_VALUES + 40 * 10 + 3, Number.NaN]] });
  const demo = lcz('demo', '--out', 'demo', '--size', '20');
  expect(demo.status, demo.stderr).toBe(0);
}, 120_000);

describe('lcz quantize', () => {
  it('quantizes the demo bundle, says the Mean stays in float, and the int8 bundle maps the synthetic city', { timeout: 180_000 }, async () => {
    const run = lcz('quantize', '--bundle', DEMO_BUNDLE, '--calibration', 'calibration.h5', '--samples', '64', '--seed', '3', '--out', 'int8');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${at('int8')}\n`);
    expect(run.stderr).toContain('Left in float: Mean (no int8 form, or the model\'s output kept in full precision: they run in float32 between the int8 parts)');
    expect(run.stderr).toMatch(/to int8: minmax calibration on 64 patches of calibration\.h5, weights in 7 bits/);
    const q = bundleManifestSchema.parse(JSON.parse(readFileSync(at('int8/manifest.json'), 'utf8'))).provenance.quantization!;
    expect(q).toMatchObject({ scheme: QUANTIZATION_SCHEME, method: 'minmax', reduceRange: true, leftInFloat: ['Mean'], calibration: { file: at('calibration.h5'), samples: 64 } });
    if (!pythonMissing('onnx')) expect(await onnxCheckerFailures([at('int8/model.onnx')])).toEqual([]);
    const map = lcz('map', '--scene', 'demo/synthetic-city-s2.tif', '--model', 'int8', '--out', 'mapped');
    expect(map.status, map.stderr).toBe(0);
    expect(map.stderr).toMatch(/mapped 400 cells .*OA \d+\.\d %/);
  });

  it('writes full 8-bit weights and entropy calibration when asked', { timeout: 120_000 }, () => {
    const run = lcz('quantize', '--bundle', DEMO_BUNDLE, '--calibration', 'calibration.h5', '--samples', '32', '--method', 'entropy', '--full-range', '--out', 'int8-full');
    expect(run.status, run.stderr).toBe(0);
    const q = bundleManifestSchema.parse(JSON.parse(readFileSync(at('int8-full/manifest.json'), 'utf8'))).provenance.quantization!;
    expect(q).toMatchObject({ method: 'entropy', reduceRange: false });
    expect(run.stderr).toContain('weights in the full 8 bits');
  });

  it('refuses calibration data holding NaN, naming the file, the patch and the band, and writes nothing', () => {
    const run = lcz('quantize', '--bundle', DEMO_BUNDLE, '--calibration', 'with-nan.h5', '--out', 'from-nan');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      `lcz: ${at('with-nan.h5')}: sen2 holds non-finite values (NaN or infinite) in one of the 80 patches drawn for calibration: patch 12, band S2.B5; calibrating on them would fit the int8 ranges to made-up pixels: use calibration data without NaN`,
    );
    expect(existsSync(at('from-nan'))).toBe(false);
    expect(readdirSync(temp).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuses to quantize an int8 bundle again, and a fraction of a patch for --samples', () => {
    const again = lcz('quantize', '--bundle', 'int8', '--calibration', 'calibration.h5', '--out', 'int8-again');
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n').at(-1)).toBe(`lcz: ${at('int8')}: is already an int8 bundle; quantize its float parent instead`);
    expect(existsSync(at('int8-again'))).toBe(false);
    const samples = lcz('quantize', '--bundle', DEMO_BUNDLE, '--calibration', 'calibration.h5', '--samples', '0.5', '--out', 'x');
    expect(samples.status).toBe(1);
    expect(samples.stderr).toContain("'--samples <n>' argument '0.5' is invalid. give a whole number.");
  });
});
