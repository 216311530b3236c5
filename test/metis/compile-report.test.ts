import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAxrunmodel } from '../../src/main/metis/sdk/axrunmodel-parse';
import { axcompileArgs, axrunmodelArgs, pythonCompileArgs, runnerArgs } from '../../src/main/metis/sdk/commands';
import { COMPILE_STATUSES, locateCompiledModel, parseCompileReport, readCompileOutcome, STATUS_ADVICE } from '../../src/main/metis/sdk/compile-report';
import { explainRuntimeError } from '../../src/main/metis/sdk/runtime-errors';
import { tempFolder } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-metis-report-');
afterAll(temp.cleanup);

/** The failure statuses exactly as metis.md lists them. */
const DOCUMENTED_FAILURES =
  'INITIALIZE_CLI_ERROR, ONNX_GRAPH_CLEANER_ERROR, QTOOLS_ERROR, GRAPH_EXPORTER_ERROR, TVM_FRONTEND_ERROR, TOP_LEVEL_QUANTIZE_ERROR, LOWER_FRONTEND_ERROR, FRONTEND_TO_MIDEND_ERROR, LOWER_MIDEND_ERROR, MIDEND_TO_TIR_ERROR, LOWER_TIR_ERROR, TIR_TO_RUNTIME_ERROR, TOP_LEVEL_LOWER_ERROR'.split(', ');

describe('compilation_report.json', () => {
  it('knows every documented status', () => {
    expect(COMPILE_STATUSES).toEqual(['SUCCEEDED', ...DOCUMENTED_FAILURES]);
  });

  it('reads SUCCEEDED', () => {
    expect(parseCompileReport('{"status": "SUCCEEDED", "duration": 171.2}')).toEqual({ ok: true, status: 'SUCCEEDED' });
  });

  for (const status of DOCUMENTED_FAILURES) {
    it(`turns ${status} into a message and a remedy`, () => {
      const outcome = parseCompileReport(JSON.stringify({ status }), 'step 1\nERROR: Conv_12 cannot be lowered\n');
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.status).toBe(status);
      expect(outcome.message).toContain(`failed at ${status}: ${STATUS_ADVICE[status as keyof typeof STATUS_ADVICE].message}`);
      expect(outcome.message).toContain('(ERROR: Conv_12 cannot be lowered)');
      expect(outcome.remedy.length).toBeGreaterThan(20);
    });
  }

  it('finds the status under another key, and says so when there is none or the file is not JSON', () => {
    expect(parseCompileReport('{"result": {"stage": "QTOOLS_ERROR"}}')).toMatchObject({ ok: false, status: 'QTOOLS_ERROR' });
    expect(parseCompileReport('{"status": "MAYBE"}')).toMatchObject({ ok: false, status: null, message: expect.stringContaining('names no status') });
    expect(parseCompileReport('{"status": "SUCC')).toMatchObject({ ok: false, status: null, message: expect.stringContaining('not JSON') });
  });

  it('locates the documented output trees: compiled_model/model.json, a single .axm, or nothing', async () => {
    const tree = join(temp.dir, 'tree');
    mkdirSync(join(tree, 'compiled_model'), { recursive: true });
    for (const f of ['manifest.json', 'model.json', 'quantized_model.json', 'kernel_function.c', 'pool_l2_const.bin', 'report.json', 'postamble_graph.onnx']) writeFileSync(join(tree, 'compiled_model', f), '{}');
    writeFileSync(join(tree, 'compilation_report.json'), '{"status": "SUCCEEDED"}');
    expect(await locateCompiledModel(tree)).toEqual({
      model: join(tree, 'compiled_model', 'model.json'),
      kind: 'model-json',
      manifest: join(tree, 'compiled_model', 'manifest.json'),
      postamble: join(tree, 'compiled_model', 'postamble_graph.onnx'),
    });
    expect(await readCompileOutcome(tree)).toEqual({ ok: true, status: 'SUCCEEDED' });

    const axm = join(temp.dir, 'axm');
    mkdirSync(axm);
    writeFileSync(join(axm, 'student.axm'), 'x');
    expect(await locateCompiledModel(axm)).toMatchObject({ model: join(axm, 'student.axm'), kind: 'axm', manifest: null });

    const empty = join(temp.dir, 'empty');
    mkdirSync(empty);
    expect(await locateCompiledModel(empty)).toBeNull();
    expect(await readCompileOutcome(empty)).toBeNull();
  });
});

describe('runtime errors', () => {
  it('recognises a deployment from another SDK version (metis.md\'s exact message)', () => {
    const e = explainRuntimeError('lcz-metis-runner: cannot load the model: Unsupported model version: 4.0, expected at least 5.0');
    expect(e.kind).toBe('model-version');
    expect(e.message).toContain('compiled by another SDK version');
    expect(e.remedy).toContain('recompile');
  });

  it('recognises a card in use, an incompatible device and a card that stopped answering', () => {
    expect(explainRuntimeError('axr_device_connect: AXR_ERROR_DEVICE_IN_USE').kind).toBe('device-in-use');
    expect(explainRuntimeError('AXR_ERROR_INCOMPATIBLE_DEVICE').kind).toBe('incompatible-device');
    expect(explainRuntimeError('Device communication timed out').kind).toBe('connection');
    expect(explainRuntimeError('something else\nthe last line').message).toBe('the last line');
  });
});

describe('axrunmodel output', () => {
  it('reads device, host and system FPS, latency percentiles and power', () => {
    const figures = parseAxrunmodel(['Device FPS: 3,726.4', 'Host FPS: 5210', 'System FPS: 3650.0', 'Latency p50: 1.31 ms, p95: 1.52 ms, p99: 1700 us', 'Power: 14.2 W'].join('\n'));
    expect(figures).toEqual({ deviceFps: 3726.4, hostFps: 5210, systemFps: 3650, latencyMs: { p50: 1.31, p95: 1.52, p99: 1.7 }, powerW: 14.2 });
  });

  it('reads the abbreviated form and leaves out what is not printed', () => {
    expect(parseAxrunmodel('dev_fps=870 system_fps=543')).toEqual({ deviceFps: 870, hostFps: null, systemFps: 543, latencyMs: null, powerW: null });
    expect(parseAxrunmodel('no figures at all')).toEqual({ deviceFps: null, hostFps: null, systemFps: null, latencyMs: null, powerW: null });
  });
});

describe('command lines (metis.md)', () => {
  const input = { model: 'm.onnx', outDir: 'out', inputDims: [1, 10, 32, 32], layout: 'NCHW' as const, calibration: 'cal', aipuCores: 1 as const };
  it('builds axcompile, the Python API script, axrunmodel and the helper', () => {
    expect(axcompileArgs(input)).toEqual(['-i', 'm.onnx', '-o', 'out', '--input-shape', '1,10,32,32', '--input-data-layout', 'NCHW', '--imageset', 'cal']);
    expect(pythonCompileArgs(input).slice(1)).toEqual(['--model', 'm.onnx', '--output', 'out', '--calibration', 'cal', '--input-layout', 'NCHW', '--aipu-cores', '1']);
    expect(pythonCompileArgs(input)[0]).toMatch(/resources\/metis\/compile\.py$/);
    expect(axrunmodelArgs({ model: 'model.json', device: 0, seconds: 10, aipuCores: 4 })).toEqual(['model.json', '-d', '0', '--seconds', '10', '--aipu-cores', '4']);
    expect(runnerArgs({ model: 'model.json', device: 2, aipuCores: 1 })).toEqual(['model.json', '--device', '2', '--aipu-cores', '1']);
  });
});
