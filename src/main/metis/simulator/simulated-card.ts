/**
 * SIMULATOR ONLY. The simulated card: loads a compiled model.json written by the fake compiler and runs patches as
 * the card would, with ONNX Runtime in place of the AIPU: the input quantised to int8 with the model's scale and zero
 * point (metis.md), the graph run (the int8 QDQ model when one was compiled in, so the accuracy is a real int8
 * accuracy; otherwise the float model), each output quantised to int8 and back.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { nhwcToNchw } from '../layouts';
import { compareMinor } from '../sdk/versions';
import { CURRENT_MODEL_VERSION, simulatedModelSchema, throughInt8, type SimulatedModel } from './simulated-model';

export class SimulatedCardError extends Error {}

export async function loadSimulatedModel(path: string): Promise<SimulatedModel> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) throw new SimulatedCardError(`cannot load the model: ${path} cannot be read`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SimulatedCardError(`cannot load the model: ${path} is not JSON`);
  }
  const version = (json as { modelVersion?: unknown })?.modelVersion;
  if (typeof version === 'string' && (compareMinor(version, CURRENT_MODEL_VERSION) ?? 0) < 0) {
    throw new SimulatedCardError(`cannot load the model: Unsupported model version: ${version}, expected at least ${CURRENT_MODEL_VERSION}`);
  }
  const parsed = simulatedModelSchema.safeParse(json);
  if (!parsed.success) throw new SimulatedCardError(`cannot load the model: ${path} was not written by the Metis simulator (a real card's model cannot run on the simulated card)`);
  return parsed.data;
}

export class SimulatedCard {
  private constructor(
    readonly model: SimulatedModel,
    private readonly session: InferenceSession,
  ) {}

  static async open(modelJson: string): Promise<SimulatedCard> {
    const model = await loadSimulatedModel(modelJson);
    // No busy-waiting between runs: the pool's threads would spin while this thread reads and converts the next batch.
    const session = await InferenceSession.create(join(dirname(modelJson), model.onnx), { intraOpNumThreads: 2, extra: { session: { intra_op: { allow_spinning: '0' } } } });
    return new SimulatedCard(model, session);
  }

  /** Values per patch over all outputs. */
  get valuesPerPatch(): number {
    return this.model.outputs.reduce((s, o) => s + o.count, 0);
  }

  /** n NHWC patches -> per patch, per output, the dequantised values (what the helper sends back). */
  async run(nhwc: Float32Array, n: number): Promise<Float32Array> {
    const { height: h, width: w, channels: c, quant, name } = this.model.input;
    const input = throughInt8(nhwc, quant);
    const data = this.model.onnxLayout === 'NCHW' ? nhwcToNchw(input, n, h, w, c) : input;
    const dims = this.model.onnxLayout === 'NCHW' ? [n, c, h, w] : [n, h, w, c];
    const names = this.model.outputs.map((o) => o.name);
    const out = await this.session.run({ [name]: new Tensor('float32', data, dims) }, names);
    const per = this.valuesPerPatch;
    const result = new Float32Array(n * per);
    let offset = 0;
    for (const o of this.model.outputs) {
      const values = throughInt8(out[o.name]!.data as Float32Array, o.quant);
      for (let b = 0; b < n; b++) result.set(values.subarray(b * o.count, (b + 1) * o.count), b * per + offset);
      offset += o.count;
    }
    return result;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
