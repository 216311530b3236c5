/**
 * SIMULATOR ONLY. A fake compiler behind both routes (`axcompile ...` and the venv's `python3 compile.py ...`): it
 * writes the output tree metis.md documents (cli_args.json, conf.json, input_model/fp32_model.onnx,
 * quantized_model/, compiled_model/{manifest.json, model.json, quantized_model.json, kernel_function.c,
 * pool_l2_const.bin, report.json}, compilation_report.json, compilation_log.txt), with model.json in the simulator's
 * own format (simulated-model.ts). The int8 ranges come from the calibration patches run through ONNX Runtime, so the
 * simulated card quantises as a real compile would. A compile-failure scenario writes the report with that status.
 *
 * The int8 QDQ model of the bundle's int8 sibling, when the deploy passes one (LCZ_METIS_SIM_QDQ_MODEL), is what the
 * simulated card runs, so its accuracy is a real int8 accuracy; otherwise it runs the float model and says so.
 */
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { modelCost } from '../../../onnx/model-cost';
import { onnx } from '../../../onnx/onnx-proto';
import { decodeNpy } from '../../deploy/npy';
import { compileFailure, type SimulatorState } from '../scenarios';
import { CURRENT_MODEL_VERSION, paddedChannels, quantFor, type Quant, type SimulatedModel } from '../simulated-model';
import { splitPostamble } from '../split-postamble';
import { nhwcToNchw } from '../../layouts';

export interface CompileRequest {
  route: 'python-api' | 'axcompile';
  model: string;
  outDir: string;
  calibration: string | null;
  layout: 'NCHW' | 'NHWC';
  aipuCores: number;
  argv: readonly string[];
}

/** Reads either route's arguments. */
export function compileRequest(tool: 'axcompile' | 'python3', argv: readonly string[]): CompileRequest | string {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? (argv[i + 1] ?? null) : null;
  };
  if (tool === 'python3') {
    if (!argv[0]?.endsWith('compile.py')) return `(simulated) the simulated SDK's python3 only runs LCZ Studio's compile.py, not ${argv[0] ?? 'nothing'}`;
    const [model, outDir, calibration, layout] = [value('--model'), value('--output'), value('--calibration'), value('--input-layout')];
    if (!model || !outDir || !calibration || (layout !== 'NCHW' && layout !== 'NHWC')) return 'compile.py: --model, --output, --calibration and --input-layout NCHW|NHWC are required';
    return { route: 'python-api', model, outDir, calibration, layout, aipuCores: Number(value('--aipu-cores') ?? 1), argv };
  }
  const [model, outDir, layout] = [value('-i'), value('-o'), value('--input-data-layout') ?? 'NCHW'];
  if (!model || !outDir || (layout !== 'NCHW' && layout !== 'NHWC')) return 'axcompile: -i MODEL and -o OUTDIR are required';
  return { route: 'axcompile', model, outDir, calibration: value('--imageset'), layout, aipuCores: Number(value('--aipu-cores') ?? 1), argv };
}

async function calibrationPatches(dir: string | null, h: number, w: number, c: number, log: string[]): Promise<Float32Array[]> {
  if (!dir) {
    log.push('no --imageset: calibrating on random data (simulated)');
    return Array.from({ length: 16 }, (_, i) => Float32Array.from({ length: h * w * c }, (_, k) => Math.sin(i * 7919 + k) * 2));
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith('.npy')).sort();
  const patches = [];
  for (const f of files) {
    const { data, shape } = decodeNpy(await readFile(join(dir, f)), join(dir, f));
    if (shape.join(',') !== [h, w, c].join(',')) throw new Error(`${f}: a calibration patch of shape [${shape.join(', ')}], the model takes [${h}, ${w}, ${c}]`);
    patches.push(data);
  }
  return patches;
}

/** Runs a model over the patches (NHWC), in its own layout, and returns each named output's min and max. */
async function ranges(bytes: Uint8Array, layout: 'NCHW' | 'NHWC', inputName: string, patches: Float32Array[], dims: [number, number, number], names: string[]): Promise<Map<string, [number, number]>> {
  const session = await InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const found = new Map<string, [number, number]>(names.map((n) => [n, [Infinity, -Infinity]]));
  try {
    const [h, w, c] = dims;
    const all = new Float32Array(patches.length * h * w * c);
    patches.forEach((p, i) => all.set(p, i * p.length));
    const data = layout === 'NCHW' ? nhwcToNchw(all, patches.length, h, w, c) : all;
    const out = await session.run({ [inputName]: new Tensor('float32', data, layout === 'NCHW' ? [patches.length, c, h, w] : [patches.length, h, w, c]) }, names);
    for (const name of names) {
      const r = found.get(name)!;
      for (const v of out[name]!.data as Float32Array) {
        r[0] = Math.min(r[0], v);
        r[1] = Math.max(r[1], v);
      }
    }
    return found;
  } finally {
    await session.release();
  }
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export async function fakeCompile(state: SimulatorState, r: CompileRequest, qdqModel: string | null, err: (s: string) => void): Promise<number> {
  const log = [`LCZ Studio Metis SIMULATOR: simulated compile (${r.route}) of ${r.model}`, `arguments: ${r.argv.join(' ')}`];
  await mkdir(r.outDir, { recursive: true });
  await writeJson(join(r.outDir, 'cli_args.json'), { simulated: true, route: r.route, argv: r.argv });
  await writeJson(join(r.outDir, 'conf.json'), { simulated: true, aipu_cores: r.aipuCores, input_data_layout: r.layout });
  const failure = compileFailure(state.scenario);
  const fail = async (status: string, why: string) => {
    log.push(`${status}: ${why}`);
    await writeJson(join(r.outDir, 'compilation_report.json'), { status, simulated: true, error: why });
    await writeFile(join(r.outDir, 'compilation_log.txt'), `${log.join('\n')}\n`);
    err(`(simulated) compilation failed: ${status}: ${why}\n`);
    return 1;
  };
  if (failure) return fail(failure, `the scenario ${state.scenario} makes the simulated compiler fail at this stage`);

  const bytes = new Uint8Array(await readFile(r.model));
  const model = onnx.ModelProto.decode(bytes);
  const input = model.graph!.input![0]!;
  const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d) => Number(d.dimValue ?? 0));
  if (dims.length !== 4 || dims.some((d) => !(d > 0))) return fail('INITIALIZE_CLI_ERROR', `the model input is [${dims.join(', ')}]: static shapes needed (give --input-shape)`);
  const [h, w, c] = r.layout === 'NCHW' ? [dims[2]!, dims[3]!, dims[1]!] : [dims[1]!, dims[2]!, dims[3]!];
  let patches: Float32Array[];
  try {
    patches = await calibrationPatches(r.calibration, h, w, c, log);
  } catch (error) {
    return fail('QTOOLS_ERROR', error instanceof Error ? error.message : String(error));
  }
  if (patches.length === 0) return fail('QTOOLS_ERROR', 'the calibration folder holds no .npy patches');
  log.push(`calibrated on ${patches.length} patches`);
  let inMin = Infinity;
  let inMax = -Infinity;
  for (const p of patches) {
    for (const v of p) {
      inMin = Math.min(inMin, v);
      inMax = Math.max(inMax, v);
    }
  }

  const compiled = join(r.outDir, 'compiled_model');
  await mkdir(compiled, { recursive: true });
  await mkdir(join(r.outDir, 'input_model'), { recursive: true });
  await copyFile(r.model, join(r.outDir, 'input_model', 'fp32_model.onnx'));
  await mkdir(join(r.outDir, 'quantized_model'), { recursive: true });
  const cost = modelCost(model);
  let runs: SimulatedModel['runs'];
  let onnxPath: string;
  let onnxLayout = r.layout;
  let postamble: string | null = null;
  let outputs: { name: string; count: number; quant: Quant }[];
  if (qdqModel) {
    const manifest = JSON.parse(await readFile(join(dirname(qdqModel), 'manifest.json'), 'utf8')) as { input: { layout: 'NCHW' | 'NHWC'; name: string }; output: { name: string } };
    await copyFile(qdqModel, join(r.outDir, 'quantized_model', 'int8_qdq_model.onnx'));
    onnxPath = '../quantized_model/int8_qdq_model.onnx';
    onnxLayout = manifest.input.layout;
    runs = 'int8 QDQ model';
    const found = await ranges(await readFile(qdqModel), onnxLayout, manifest.input.name, patches, [h, w, c], [manifest.output.name]);
    const [lo, hi] = found.get(manifest.output.name)!;
    outputs = [{ name: manifest.output.name, count: 0, quant: quantFor(lo, hi) }];
    const session = await InferenceSession.create(qdqModel);
    const meta = session.outputMetadata.find((m) => m.name === manifest.output.name);
    outputs[0]!.count = meta?.isTensor ? Number(meta.shape.at(-1)) : 0;
    await session.release();
    log.push(`the simulated card runs the int8 QDQ model ${qdqModel}`);
  } else {
    await writeFile(join(r.outDir, 'quantized_model', 'README.txt'), 'Simulated compile: no int8 model was given, so the simulated card runs the float model (its accuracy is the float accuracy, not an int8 one).\n');
    const split = splitPostamble(model);
    await writeFile(join(compiled, 'aipu_model.onnx'), split.aipu);
    onnxPath = 'aipu_model.onnx';
    runs = 'float model';
    if (split.postamble) {
      await writeFile(join(compiled, 'postamble.onnx'), split.postamble);
      postamble = 'postamble.onnx';
    }
    const found = await ranges(split.aipu, r.layout, input.name ?? '', patches, [h, w, c], split.outputs.map((o) => o.name));
    outputs = split.outputs.map((o) => ({ name: o.name, count: o.shape.slice(1).reduce((a, b) => a * b, 1), quant: quantFor(...found.get(o.name)!) }));
    log.push('no int8 model given: the simulated card runs the float model');
  }
  const description: SimulatedModel = {
    simulated: true,
    note: 'Written by LCZ Studio\'s Metis SIMULATOR, not by the Voyager SDK: no card runs this model.',
    modelVersion: state.scenario === 'old-model-version' ? '4.0' : CURRENT_MODEL_VERSION,
    onnx: onnxPath,
    runs,
    onnxLayout,
    input: { name: input.name ?? '', height: h, width: w, channels: c, paddedChannels: paddedChannels(c), quant: quantFor(inMin, inMax) },
    outputs,
    postamble,
    batch: r.aipuCores === 4 ? 4 : 1,
    macs: cost.macs,
    depthwiseMacs: cost.depthwiseMacs,
  };
  await writeJson(join(compiled, 'model.json'), description);
  await writeJson(join(compiled, 'manifest.json'), { simulated: true, inputs: [{ name: description.input.name, ...description.input.quant }], outputs: outputs.map((o) => ({ name: o.name, ...o.quant })) });
  await writeJson(join(compiled, 'quantized_model.json'), { simulated: true });
  await writeJson(join(compiled, 'report.json'), { simulated: true, macs: cost.macs, parameters: cost.parameters });
  await writeFile(join(compiled, 'kernel_function.c'), '/* LCZ Studio Metis SIMULATOR: no AIPU kernel was generated. */\n');
  await writeFile(join(compiled, 'pool_l2_const.bin'), new Uint8Array(0));
  log.push('SUCCEEDED (simulated)');
  await writeFile(join(r.outDir, 'compilation_log.txt'), `${log.join('\n')}\n`);
  await writeJson(join(r.outDir, 'compilation_report.json'), { status: 'SUCCEEDED', simulated: true });
  return 0;
}
