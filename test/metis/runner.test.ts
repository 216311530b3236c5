import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { attr, OnnxGraphBuilder } from '../../src/main/onnx/graph-builder';
import { ensureRunner, runnerSource } from '../../src/main/metis/sdk/build-runner';
import type { SdkLocation } from '../../src/main/metis/sdk/locate-sdk';
import { RunnerClient, RunnerError } from '../../src/main/metis/sdk/runner-client';
import { nchwToNhwc } from '../../src/main/metis/layouts';
import { quantise } from '../../src/main/metis/simulator/simulated-model';
import { randomPatches, tempFolder } from '../fixtures/onnx-models';
import { commandAbsent, missing } from '../helpers/missing';

const temp = tempFolder('lcz-metis-runner-');
afterAll(temp.cleanup);
const STUB = resolve('test/metis/stub');
const noCompiler = missing(commandAbsent('/usr/bin/gcc', 'apt-get install gcc make pkg-config') ?? commandAbsent('/usr/bin/pkg-config', 'apt-get install pkg-config'));

describe.skipIf(noCompiler)('the runtime helper (resources/metis/lcz-metis-runner.c)', () => {
  let helper: string;
  let postamble: string;
  let postambleOfOne: string;
  const model = join(temp.dir, 'model.json');

  beforeAll(async () => {
    // A fake axruntime library and its pkg-config file: the Makefile finds them exactly as it finds the SDK's.
    const lib = join(temp.dir, 'lib');
    execFileSync('mkdir', ['-p', lib]);
    execFileSync('gcc', ['-std=c11', '-Wall', '-Werror', '-c', '-I', STUB, '-o', join(lib, 'fake.o'), join(STUB, 'fake-axruntime.c')]);
    execFileSync('ar', ['rcs', join(lib, 'libaxruntime.a'), join(lib, 'fake.o')]);
    writeFileSync(join(lib, 'axruntime.pc'), `Name: axruntime\nDescription: a fake axruntime for LCZ Studio's tests\nVersion: 0.0\nCflags: -I${STUB}\nLibs: -L${lib} -laxruntime\n`);
    const location: SdkLocation = { root: lib, via: 'configured', tools: { axdevice: null, axcompile: null, axrunmodel: null, axversion: null }, python: null, missing: null };
    helper = await ensureRunner(location, temp.dir, { ...process.env, PKG_CONFIG_PATH: lib });
    writeFileSync(model, '{}');
    // The postamble joins the two outputs into one row, extremes (2) first: not the order the helper sends them in.
    const g = new OnnxGraphBuilder({ opset: 14 });
    const means = g.input('means', 'float32', ['N', 3]);
    const extremes = g.input('extremes', 'float32', ['N', 2]);
    g.node1('Concat', [extremes, means], { attributes: { axis: attr.int(1) }, output: 'joined' });
    g.output('joined', 'float32', ['N', 5]);
    postamble = join(temp.dir, 'postamble.onnx');
    writeFileSync(postamble, g.toBytes());
    // The same postamble with its batch fixed at 1, as a compiler may write it: run patch by patch.
    const one = new OnnxGraphBuilder({ opset: 14 });
    const m1 = one.input('means', 'float32', [1, 3]);
    const e1 = one.input('extremes', 'float32', [1, 2]);
    one.node1('Concat', [e1, m1], { attributes: { axis: attr.int(1) }, output: 'joined' });
    one.output('joined', 'float32', [1, 5]);
    postambleOfOne = join(temp.dir, 'postamble-batch-1.onnx');
    writeFileSync(postambleOfOne, one.toBytes());
  }, 120_000);

  it('compiles against a header that declares only the documented API, with every warning an error', () => {
    const r = spawnSync('gcc', ['-fsyntax-only', '-std=c11', '-Wall', '-Wextra', '-Werror', '-I', STUB, runnerSource().source], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  /** What the fake card computes (stub/fake-axruntime.c) from what the helper should send it, after the postamble. */
  function expected(nhwc: Float32Array, n: number): Float32Array {
    const input = { scale: 0.05, zeroPoint: -3 };
    const q = (x: number, p: { scale: number; zeroPoint: number }) => (quantise(x, p) - p.zeroPoint) * p.scale;
    const out = new Float32Array(n * 5);
    for (let b = 0; b < n; b++) {
      const sums = [0, 0, 0];
      let hi = -Infinity;
      let lo = Infinity;
      for (let p = 0; p < 16; p++)
        for (let k = 0; k < 3; k++) {
          const v = q(nhwc[(b * 16 + p) * 3 + k]!, input);
          sums[k]! += v;
          if (k === 0) {
            hi = Math.max(hi, v);
            lo = Math.min(lo, v);
          }
        }
      out[b * 5] = q(hi, { scale: 0.04, zeroPoint: -1 });
      out[b * 5 + 1] = q(lo, { scale: 0.04, zeroPoint: -1 });
      sums.forEach((s, k) => (out[b * 5 + 2 + k] = q(s / 16, { scale: 0.02, zeroPoint: 5 })));
    }
    return out;
  }

  const start = (env: Record<string, string>, layout: 'NCHW' | 'NHWC' = 'NHWC', expect = { height: 4, width: 4, channels: 3 }) =>
    RunnerClient.start({ command: helper, args: [model, '--device', '1', '--aipu-cores', '1'], env: { ...process.env, ...env }, layout, expect, postamble, outputName: 'joined' });

  for (const batch of [1, 4]) {
    it(`quantises, pads, runs and dequantises patches, batch ${batch}, in either layout`, async () => {
      const n = 7;
      const nchw = randomPatches(n, 3, 4, 11 + batch);
      const nhwc = nchwToNhwc(nchw, n, 3, 4, 4);
      for (const [layout, data] of [['NHWC', nhwc], ['NCHW', nchw]] as const) {
        const client = await start({ FAKE_AXR_BATCH: String(batch) }, layout);
        expect(client.hello).toEqual({ version: 1, height: 4, width: 4, channels: 3, batch, outputs: [{ name: 'means', count: 3 }, { name: 'extremes', count: 2 }] });
        const got = await client.run(data, n);
        await client.close();
        const want = expected(nhwc, n);
        expect(got.length).toBe(want.length);
        // float32 in C, float64 here: equal within a quantisation step of the outputs.
        want.forEach((v, i) => expect(Math.abs(got[i]! - v), `value ${i}`).toBeLessThanOrEqual(0.0201));
        expect(got.filter((v, i) => Math.abs(v - want[i]!) < 1e-6).length).toBeGreaterThan(want.length * 0.9);
      }
    });
  }

  it('runs a postamble whose batch is fixed at 1 patch by patch, to the same outputs', async () => {
    const n = 5;
    const nhwc = nchwToNhwc(randomPatches(n, 3, 4, 21), n, 3, 4, 4);
    const outputs = [];
    for (const file of [postamble, postambleOfOne]) {
      const client = await RunnerClient.start({ command: helper, args: [model], env: process.env, layout: 'NHWC', expect: { height: 4, width: 4, channels: 3 }, postamble: file, outputName: 'joined' });
      outputs.push(await client.run(nhwc, n));
      await client.close();
    }
    expect(outputs[0]!.length).toBe(n * 5);
    expect(outputs[1]).toEqual(outputs[0]);
  });

  it('says a card in use, a model from another SDK version, and a card that stops answering, with what to do', async () => {
    const inUse = await start({ FAKE_AXR_FAIL: 'in-use' }).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(RunnerError);
    expect((inUse as RunnerError).kind).toBe('device-in-use');
    expect((inUse as RunnerError).message).toContain('in use by another program (lcz-metis-runner: cannot connect to the device: AXR_ERROR_DEVICE_IN_USE');
    const old = await start({ FAKE_AXR_FAIL: 'load' }).catch((e: unknown) => e);
    expect((old as RunnerError).kind).toBe('model-version');
    expect((old as RunnerError).message).toContain('recompile');
    const client = await start({ FAKE_AXR_FAIL: 'run' });
    const failed = await client.run(new Float32Array(48), 1).catch((e: unknown) => e);
    expect((failed as RunnerError).kind).toBe('connection');
    expect((failed as RunnerError).message).toContain('running the model failed: Device communication timed out');
    await client.close();
  });

  it('refuses a deployment of another patch shape, an unknown device and a broken request', async () => {
    await expect(start({}, 'NHWC', { height: 32, width: 32, channels: 10 })).rejects.toThrow(/takes 4 x 4 x 3 patches, the bundle 32 x 32 x 10: this deployment belongs to another bundle/);
    const device = spawnSync(helper, [model, '--device', '5'], { encoding: 'utf8', input: '' });
    expect([device.status, device.stderr]).toEqual([1, 'fake axruntime: logger set\nlcz-metis-runner: no device with that index (run axdevice to list them)\n']);
    const garbage = spawnSync(helper, [model], { encoding: 'utf8', input: 'HELLO' });
    expect(garbage.status).toBe(3);
    expect(garbage.stderr).toContain('lcz-metis-runner: broken request: ');
    const usage = spawnSync(helper, [], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
