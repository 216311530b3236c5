// Int8 quantization of the demo bundle (a Sen2LCZ-Net-like CNN exported by our engine) calibrated on synthetic
// So2Sat data: the bundle it writes, the ONNX checker, the QDQ layout, ONNX Runtime's fusion of every convolution,
// agreement with the float model on held-out patches, and a map of the synthetic city through the real mapping job.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../../src/main/bundles/bundle-io';
import { decodeModel } from '../../../src/main/onnx/read-model';
import { decodedGraph } from '../../../src/main/onnx/onnx-proto';
import { leftInFloatText, quantizeBundle, type QuantizeRequest, type QuantizeResult } from '../../../src/main/onnx/quantize/quantize-bundle';
import { demoBundlePath } from '../../../src/main/paths';
import { readAllBands } from '../../../src/main/raster/read-bands';
import { writeSyntheticSo2Sat } from '../../../src/main/so2sat/synth/synthetic-dataset';
import { writeDemoScene } from '../../../src/main/synthetic/demo-scene';
import { SO2SAT_S2_BANDS } from '../../../src/shared/bands';
import { QUANTIZATION_SCHEME } from '../../../src/shared/bundle-manifest';
import type { SceneSettings } from '../../../src/shared/contract';
import { outputsOf, runJob } from '../../helpers/jobs';
import { onnxCheckerFailures } from '../../helpers/onnx-checker';
import { pythonMissing } from '../../helpers/python';
import { predict, share, type HeldOut } from './held-out';
import { optimisedOpCounts, qdqLayoutProblems } from './qdq-layout';

const temp = mkdtempSync(join(tmpdir(), 'lcz-quantize-demo-'));
const calibration = join(temp, 'calibration.h5');
const heldOut = join(temp, 'held-out.h5');
const ctx = { signal: new AbortController().signal, progress: () => {}, warn: (m: string) => console.warn(m) };
const quantize = (name: string, extra: Partial<QuantizeRequest> = {}) => quantizeBundle({ bundle: demoBundlePath(), calibration, out: join(temp, name), ...extra }, ctx);
const CONVS = decodedGraph(decodeModel(readFileSync(join(demoBundlePath(), 'model.onnx')), 'demo')).node.filter((n) => n.opType === 'Conv').length;

let result: QuantizeResult;
let float: HeldOut;

beforeAll(async () => {
  // Different seeds: the held-out patches come from other synthetic cities than the calibration patches.
  await writeSyntheticSo2Sat(calibration, { patches: 600, seed: 11 });
  await writeSyntheticSo2Sat(heldOut, { patches: 600, seed: 12 });
  result = await quantize('demo-int8');
  float = await predict(demoBundlePath(), heldOut);
}, 300_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('int8 quantization of the demo bundle', () => {
  it('writes a bundle of its own that names its parent, which bundles are read like any other', async () => {
    const parent = await readBundle(demoBundlePath());
    const int8 = await readBundle(result.bundle.dir);
    const { provenance, ...rest } = int8.manifest;
    expect(provenance.quantization).toEqual({
      scheme: QUANTIZATION_SCHEME,
      reduceRange: true,
      method: 'minmax',
      calibration: { file: calibration, samples: 256 },
      parent: { name: parent.manifest.name, sha256: createHash('sha256').update(readFileSync(parent.modelPath)).digest('hex') },
      leftInFloat: ['Mean'],
    });
    expect(rest.input).toEqual(parent.manifest.input);
    expect(rest.bands).toEqual(parent.manifest.bands);
    expect(rest.classes).toEqual(parent.manifest.classes);
    expect(rest.temperature).toBe(parent.manifest.temperature);
    expect(rest.name).toBe(`${parent.manifest.name} · int8`);
    expect(leftInFloatText(result.leftInFloat)).toBe('Mean (no int8 form)');
    expect(result.foldedBatchNorms).toBe(CONVS);
    // int8 weights: a quarter of the float bytes, plus scales.
    expect(statSync(int8.modelPath).size).toBeLessThan(0.35 * statSync(parent.modelPath).size);
  });

  it.skipIf(pythonMissing('onnx'))('passes the ONNX checker (full check)', async () => {
    expect(await onnxCheckerFailures([result.bundle.modelPath])).toEqual([]);
  });

  it('lays out Q/DQ as ONNX Runtime needs: a pair per reader, int8 per-channel weights, int32 biases, Relu absorbed', () => {
    expect(qdqLayoutProblems(readFileSync(result.bundle.modelPath))).toEqual([]);
  });

  it("is fused by ONNX Runtime's optimiser: every convolution becomes QLinearConv", async () => {
    const ops = await optimisedOpCounts(result.bundle.modelPath);
    // At level 'all' on x86 ORT runs them channels-last: com.microsoft's QLinearConv (the NHWC transformer's).
    expect(ops['com.microsoft:QLinearConv']).toBe(CONVS);
    for (const left of ['ai.onnx:Conv', 'com.microsoft:FusedConv', 'ai.onnx:QLinearConv', 'ai.onnx:DequantizeLinear', 'ai.onnx:Relu']) expect(ops[left], left).toBeUndefined();
    expect(ops['com.microsoft:QGemm']).toBe(4);
    expect(result.convolutions).toEqual({ int8: CONVS, float: 0 });
  });

  it('agrees with the float model on held-out patches and loses at most 1 point of OA', async () => {
    const int8 = await predict(result.bundle.dir, heldOut);
    const agreement = share(int8.predicted, float.predicted);
    const [oaFloat, oaInt8] = [share(float.predicted, float.truth), share(int8.predicted, int8.truth)];
    console.log(`demo bundle, minmax int8 on ${int8.truth.length} held-out patches: top-1 agreement ${(100 * agreement).toFixed(1)} %, OA ${(100 * oaFloat).toFixed(2)} -> ${(100 * oaInt8).toFixed(2)} %`);
    expect(agreement).toBeGreaterThan(0.97);
    expect(oaFloat - oaInt8).toBeLessThanOrEqual(0.01);
  });

  it('maps the synthetic demo scene through the mapping job like the float bundle', async () => {
    const { scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 3, size: 40 });
    const settings: SceneSettings = { sensor: 'sentinel-2', bands: [...SO2SAT_S2_BANDS], scale: 1e-4, offset: 0 };
    const map = async (bundle: string, name: string) => {
      const outDir = join(temp, name);
      outputsOf(await runJob({ kind: 'map', params: { scene, settings, bundles: [bundle], outDir, resolutionM: 100, tta: false, filter: false, truth: null } }));
      return (await readAllBands(join(outDir, 'lcz.tif'))).bands[0]!;
    };
    const [a, b] = [await map(demoBundlePath(), 'map-float'), await map(result.bundle.dir, 'map-int8')];
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    const agreement = same / a.length;
    console.log(`synthetic demo scene (${a.length} cells): int8 and float maps agree on ${(100 * agreement).toFixed(1)} % of cells`);
    expect(agreement).toBeGreaterThan(0.95);
    expect(new Set(Array.from(b)).size).toBeGreaterThan(3);
  });

  it('calibrates by percentile (99.99 %) and entropy too, each fused and agreeing with the float model', async () => {
    for (const method of ['percentile', 'entropy'] as const) {
      const r = await quantize(`demo-int8-${method}`, { method });
      expect(r.bundle.manifest.provenance.quantization?.method).toBe(method);
      expect(r.bundle.manifest.provenance.quantization?.percentile).toBe(method === 'percentile' ? 99.99 : undefined);
      expect(r.convolutions).toEqual({ int8: CONVS, float: 0 });
      const int8 = await predict(r.bundle.dir, heldOut);
      const agreement = share(int8.predicted, float.predicted);
      console.log(`demo bundle, ${method} int8: top-1 agreement ${(100 * agreement).toFixed(1)} %, OA ${(100 * share(int8.predicted, int8.truth)).toFixed(2)} %`);
      expect(agreement).toBeGreaterThan(0.97);
    }
  }, 180_000);
});
