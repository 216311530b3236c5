import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetisStatus } from '../../src/shared/contract/metis';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { modelCost } from '../../src/main/onnx/model-cost';
import { onnx } from '../../src/main/onnx/onnx-proto';
import { quantizeBundle } from '../../src/main/onnx/quantize/quantize-bundle';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { deployToMetis } from '../../src/main/metis/deploy/deploy';
import { readDeployment } from '../../src/main/metis/deploy/deployment-folder';
import { encodeNpy } from '../../src/main/metis/deploy/npy';
import { openMetisHost, type MetisHost } from '../../src/main/metis/host';
import { readCompileOutcome } from '../../src/main/metis/sdk/compile-report';
import { estimateFps, MODEL_ZOO } from '../../src/main/metis/simulator/fps-estimate';
import { SCENARIOS, compileFailure, type Scenario } from '../../src/main/metis/simulator/scenarios';
import { fakeCompile } from '../../src/main/metis/simulator/tools/fake-compiler';
import { tempFolder } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-metis-sim-');
afterAll(temp.cleanup);
const runnerDir = join(temp.dir, 'runner');
const h5 = join(temp.dir, 'synthetic.h5');
const bundle = join(temp.dir, 'bundles', 'demo');
const int8 = join(temp.dir, 'bundles', 'demo-int8');
const ctx = { signal: new AbortController().signal, progress: () => undefined, warn: () => undefined };

beforeAll(async () => {
  await writeSyntheticSo2Sat(h5, { patches: 700, seed: 5 });
  cpSync('resources/demo/bundle', bundle, { recursive: true });
  await quantizeBundle({ bundle, calibration: h5, out: int8, samples: 200 }, ctx);
}, 180_000);

async function withHost<T>(scenario: Scenario, work: (host: MetisHost) => Promise<T>, format: 1 | 2 | 3 = 2): Promise<T> {
  const host = await openMetisHost({ simulator: true, scenario, axdeviceFormat: format, runnerDir });
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}

function everythingSimulated(status: MetisStatus): void {
  expect(status.simulated).toBe(true);
  expect(status.sdk.simulated).toBe(true);
  for (const d of status.devices) expect(d.simulated).toBe(true);
  for (const p of status.problems) {
    expect(p.simulated).toBe(true);
    expect(p.message).toMatch(/^\(simulated\) /);
  }
}

describe('the simulator is used only when asked for', () => {
  it('follows LCZ_METIS_SIMULATOR and the option, and refuses an unknown scenario', async () => {
    const real = await openMetisHost({ runnerDir, env: { PATH: '' } });
    expect(real.simulated).toBe(false);
    const asked = await openMetisHost({ runnerDir, env: { ...process.env, LCZ_METIS_SIMULATOR: '1' } });
    expect(asked.simulated).toBe(true);
    await asked.close();
    await expect(openMetisHost({ runnerDir, simulator: true, scenario: 'on-fire' })).rejects.toThrow(/unknown Metis simulator scenario "on-fire"; the scenarios are: ok, no-device/);
    expect(SCENARIOS).toContain('compile-failure:TOP_LEVEL_LOWER_ERROR');
  });
});

describe('discovery of the simulated machine', () => {
  for (const format of [1, 2, 3] as const) {
    it(`finds the four kinds of card, axdevice format ${format}`, async () => {
      const status = await withHost('ok', (host) => host.discover(), format);
      everythingSimulated(status);
      expect(status.problems).toEqual([]);
      expect(status.sdk).toMatchObject({ found: true, via: 'AXELERA_FRAMEWORK', version: { 1: '1.0.0', 2: '1.3.2', 3: '1.3.0' }[format] });
      expect(status.devices.map((d) => [d.pciAddress, d.board?.boardType, d.switchSiblings, d.usb4, d.accessible])).toEqual([
        ['0000:01:00.0', 'pcie', 0, false, true],
        ['0000:02:00.0', 'm2', 0, false, true],
        ...[6, 7, 8, 9].map((bus) => [`0000:0${bus}:00.0`, 'pcie', 3, false, true]),
        ['0000:3a:00.0', 'pcie', 0, true, true],
      ]);
      expect(status.devices[0]!.firmware).toBe({ 1: 'v1.0.0-a6-15-g9d681b7bcfe9', 2: '1.3.2', 3: '1.3.0' }[format]);
    });
  }

  const cases: [Scenario, string[]][] = [
    ['no-device', ['no-card']],
    ['no-driver', Array(7).fill('no-driver')],
    ['node-missing', Array(7).fill('node-missing')],
    ['permission-denied', Array(7).fill('no-permission')],
    ['broken-flash', ['device-failure', 'broken-flash']],
    ['firmware-mismatch', Array(7).fill('firmware-update')],
    ['no-sdk', ['sdk-missing']],
  ];
  for (const [scenario, codes] of cases) {
    it(`reproduces ${scenario}`, async () => {
      const status = await withHost(scenario, (host) => host.discover());
      everythingSimulated(status);
      expect(status.problems.map((p) => p.code)).toEqual(codes);
    });
  }
});

describe('a deployment on the simulated card', () => {
  it('goes discovery -> check -> calibration -> compile -> load -> verify -> benchmark, all saying simulated', async () => {
    const seen: string[] = [];
    const out = join(temp.dir, 'deployments', 'demo-metis');
    const result = await withHost('ok', (host) =>
      deployToMetis({ bundle, calibration: { kind: 'so2sat', path: h5 }, int8Bundle: int8, out, verifyPatches: 300, benchmarkSeconds: 1 }, { host, onSteps: (steps) => seen.push(steps.map((s) => s.status[0]).join('')) }),
    );
    expect(seen.at(-1)).toBe('ssssss');
    const deployment = await readDeployment(out);
    expect(deployment).toEqual(result.deployment);
    expect(deployment.simulated).toBe(true);
    for (const step of deployment.steps) expect([step.status, step.simulated, step.message?.startsWith('(simulated) ')]).toEqual(['succeeded', true, true]);
    expect(deployment.compile).toEqual({ route: 'python-api', model: 'compiled/compiled_model/model.json', status: 'SUCCEEDED', calibrationSamples: 200 });
    expect(deployment.device).toEqual({ pciAddress: '0000:01:00.0', name: 'metis-0:1:0', boardType: 'pcie', firmware: '1.3.2' });
    // The simulated card ran the int8 QDQ model: real int8 figures, close to ONNX Runtime's own int8 run.
    const v = deployment.verification!;
    expect(v).toMatchObject({ patches: 300, simulated: true, simulatedModel: 'int8 QDQ model' });
    expect(v.accuracy.cpu).toBeGreaterThan(0.5);
    expect(Math.abs(v.accuracy.device! - v.accuracy.int8!)).toBeLessThan(0.03);
    expect(v.agreementWithInt8).toBeGreaterThan(0.95);
    expect(v.agreementWithCpu).toBeGreaterThan(0.9);
    // The FPS the simulated axrunmodel printed, read back by the real parser.
    const model = onnx.ModelProto.decode(readFileSync(join(out, 'prepared.onnx')));
    expect(deployment.benchmark!.fps.device).toBeCloseTo(estimateFps(modelCost(model), 'pcie', 1).fps, 0);
    expect(deployment.benchmark).toMatchObject({ simulated: true, powerW: null, powerNote: expect.stringContaining('simulated') });
    expect(deployment.benchmark!.fps.system).toBeLessThanOrEqual(deployment.benchmark!.fps.device!);
    expect(deployment.benchmark!.latencyMs!.p50).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, 'compiled', 'compiled_model', 'model.json'), 'utf8'))).toMatchObject({ simulated: true, runs: 'int8 QDQ model' });
    expect(readdirSync(join(temp.dir, 'deployments'))).toEqual(['demo-metis']); // no staging folder left
  }, 240_000);

  const failing: [Scenario, string, RegExp][] = [
    ['no-device', 'check', /no Axelera Metis card on the PCI bus.*LCZ_METIS_SIMULATOR/],
    ['compile-failure:TVM_FRONTEND_ERROR', 'compile', /the compile failed at TVM_FRONTEND_ERROR: the compiler's front end could not import the model/],
    ['device-in-use', 'load', /the card is in use by another program .*AXR_ERROR_DEVICE_IN_USE/],
    ['old-model-version', 'load', /compiled by another SDK version \(model format 4\.0, this SDK needs at least 5\.0\); recompile/],
  ];
  for (const [scenario, step, message] of failing) {
    it(`fails at ${step} in the ${scenario} scenario, says what to do, and leaves nothing behind`, async () => {
      const deployments = join(temp.dir, `failed-${step}`);
      mkdirSync(deployments, { recursive: true });
      let steps: { id: string; status: string }[] = [];
      const error = await withHost(scenario, (host) => deployToMetis({ bundle, calibration: { kind: 'so2sat', path: h5 }, out: join(deployments, 'demo-metis'), verifyPatches: 50, benchmarkSeconds: 1 }, { host, onSteps: (s) => (steps = s.map((x) => ({ ...x }))) })).catch((e: unknown) => e);
      expect(String(error)).toMatch(message);
      expect(steps.find((s) => s.status === 'failed')?.id).toBe(step);
      expect(readdirSync(deployments)).toEqual([]);
    }, 180_000);
  }

  it('refuses an output folder that is not a deployment before any work', async () => {
    const taken = join(temp.dir, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'notes.txt'), 'mine');
    await expect(withHost('ok', (host) => deployToMetis({ bundle, calibration: { kind: 'so2sat', path: h5 }, out: taken }, { host }))).rejects.toThrow(/taken: this folder exists and is not a Metis deployment/);
    expect(readdirSync(taken)).toEqual(['notes.txt']);
  });
});

describe('the fake compiler', () => {
  it('fails with each documented status on request, and the real parser explains each', async () => {
    const cal = join(temp.dir, 'cal');
    mkdirSync(cal, { recursive: true });
    writeFileSync(join(cal, 'patch-0000.npy'), encodeNpy(new Float32Array(32 * 32 * 10), [32, 32, 10]));
    const failures = SCENARIOS.filter((s) => compileFailure(s));
    expect(failures).toHaveLength(13);
    for (const scenario of failures) {
      const outDir = join(temp.dir, 'fails', scenario.replace(':', '-'));
      const code = await fakeCompile(
        { simulated: true, scenario, axdeviceFormat: 2, sdkVersion: '1.3.2', boards: [] },
        { route: 'axcompile', model: (await readBundle(bundle)).modelPath, outDir, calibration: cal, layout: 'NCHW', aipuCores: 1, argv: [] },
        null,
        () => undefined,
      );
      expect(code).toBe(1);
      const outcome = await readCompileOutcome(outDir);
      expect(outcome).toMatchObject({ ok: false, status: compileFailure(scenario) });
      expect(existsSync(join(outDir, 'compiled_model'))).toBe(false);
    }
  });
});

describe('the FPS estimate', () => {
  it('gives back the model-zoo figures it is built from, and more for smaller models', () => {
    for (const p of MODEL_ZOO) {
      expect(estimateFps(p, 'pcie').fps).toBeCloseTo(p.fps.pcie, 6);
      expect(estimateFps(p, 'm2').fps).toBeCloseTo(p.fps.m2, 6);
    }
    const small = estimateFps({ macs: 10e6, depthwiseMacs: 0 }, 'pcie');
    expect(small.fps).toBeGreaterThan(7124);
    expect(small.basis).toMatch(/^simulated estimate/);
    expect(estimateFps({ macs: 10e6, depthwiseMacs: 0 }, 'pcie', 1).fps).toBeLessThan(small.fps);
  });
});
