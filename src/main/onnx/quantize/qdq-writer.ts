/**
 * Writes the QDQ graph of a plan: the float graph with QuantizeLinear/DequantizeLinear pairs where the plan says,
 * int8 per-channel weights and int32 biases behind DequantizeLinear, everything else untouched. Opset 13 or later
 * (per-channel DequantizeLinear needs `axis`, from 13; LCZ Studio reads 13-17 only), standard ops only.
 *
 * Layout rules ONNX Runtime's fusions depend on (and the tests check on its optimised graph):
 * - a dedicated Q -> DQ pair for every reader of a quantized tensor, so every DQ has exactly one consumer;
 * - a quantized tensor that is also a graph output is written by its node under another name and the graph output
 *   is the DQ of its own pair, so the Conv's output is read by Qs only, never by the graph's caller;
 * - Qs and DQs of one tensor share their scale and zero-point initializers, and data-movement ops share their input's,
 *   so ORT sees equal parameters on both sides and runs them on the uint8 values.
 */
import { AttributeType, type INodeProto, type ITensorProto } from '../onnx-proto';
import { removeUnused } from './fold-batch-norm';
import type { GraphIndex } from './graph-index';
import { activationParams, quantizeBias, quantizeUint8, quantizeWeights, type ActivationParams, type Range } from './quant-params';
import type { ParamSource, QuantizePlan } from './quantize-plan';
import { floatValues, makeTensor } from './tensor-data';

interface TensorQuant {
  params: ActivationParams;
  scale: string;
  zeroPoint: string;
}

export interface QdqCounts {
  /** Nodes running in int8 (their inputs behind DQ), by op type. */
  quantized: Record<string, number>;
}

/**
 * Rewrites `index.graph` in place into its QDQ form; `ranges` holds the calibrated range of every calibrated tensor,
 * `weightLevels` the largest weight magnitude stored (quant-params.ts: WEIGHT_LEVELS).
 */
export function writeQdq(index: GraphIndex, plan: QuantizePlan, ranges: ReadonlyMap<string, Range>, weightLevels: number): QdqCounts {
  const graph = index.graph;
  const added: ITensorProto[] = [];
  const nodes: INodeProto[] = [];
  const quant = new Map<string, TensorQuant>();
  const counts: Record<string, number> = {};

  const paramsOf = (tensor: string): TensorQuant => {
    const known = quant.get(tensor);
    if (known) return known;
    const source: ParamSource | undefined = plan.tensors.get(tensor);
    if (!source) throw new Error(`tensor ${tensor} has no quantization in the plan`);
    let made: TensorQuant;
    if (source.kind === 'same-as') made = paramsOf(source.tensor);
    else {
      const range = rangeOf(tensor, source);
      const params = activationParams(range.min, range.max);
      const scale = index.fresh(`${tensor}_scale`);
      const zeroPoint = index.fresh(`${tensor}_zero_point`);
      added.push(makeTensor(scale, 'float32', [params.scale], []), makeTensor(zeroPoint, 'uint8', [params.zeroPoint], []));
      made = { params, scale, zeroPoint };
    }
    quant.set(tensor, made);
    return made;
  };
  const rangeOf = (tensor: string, source: ParamSource): Range => {
    if (source.kind === 'fixed') return source;
    if (source.kind === 'constant') return minMax(constant(index, tensor).data);
    const range = ranges.get(tensor);
    if (!range) throw new Error(`tensor ${tensor} was not calibrated`);
    return range;
  };
  const node = (opType: string, inputs: string[], output: string, axis?: number) => {
    nodes.push({
      opType,
      domain: '',
      name: index.fresh(`${output}_${opType}`),
      input: inputs,
      output: [output],
      attribute: axis === undefined ? [] : [{ name: 'axis', type: AttributeType.INT, i: axis }],
    });
    return output;
  };
  const renamed = new Map<string, string>();
  for (const out of graph.output) if (plan.tensors.has(out.name ?? '')) renamed.set(out.name!, index.fresh(`${out.name}_before_quantize`));
  const real = (name: string) => renamed.get(name) ?? name;
  /** Q -> DQ of a tensor for one reader; returns the DQ's output. */
  const pair = (tensor: string, dqOutput?: string) => {
    const q = paramsOf(tensor);
    const quantized = node('QuantizeLinear', [real(tensor), q.scale, q.zeroPoint], index.fresh(`${tensor}_quantized`));
    return node('DequantizeLinear', [quantized, q.scale, q.zeroPoint], dqOutput ?? index.fresh(`${tensor}_dequantized`));
  };
  const constantDq = (tensor: string) => {
    const q = paramsOf(tensor);
    const values = index.fresh(`${tensor}_quantized`);
    const { data, dims } = constant(index, tensor);
    added.push(makeTensor(values, 'uint8', quantizeUint8(data, q.params), dims));
    return node('DequantizeLinear', [values, q.scale, q.zeroPoint], index.fresh(`${tensor}_dequantized`));
  };

  for (const original of graph.node) {
    const t = plan.treatments.get(original)!;
    const inputs = [...(original.input ?? [])];
    inputs.forEach((name, i) => {
      if (!name) return;
      if (t.kind === 'weighted' && i === 1) {
        const w = quantizeWeights(constant(index, name), t.axis, weightLevels);
        inputs[1] = dequantized(name, 'int8', w.values, constant(index, name).dims, w.scales, t.axis);
        if (t.bias) {
          const b = quantizeBias(constant(index, t.bias).data, paramsOf(original.input![0]!).params.scale, w.scales);
          inputs[2] = dequantized(t.bias, 'int32', b.values, [b.values.length], b.scales, 0);
        }
      } else if (t.kind === 'weighted' && i === 2) {
        // the bias: written with the weights above
      } else if (plan.tensors.get(name)?.kind === 'constant') {
        if (plan.dqInputs.get(original)?.includes(i)) inputs[i] = constantDq(name);
      } else if (plan.tensors.has(name)) {
        inputs[i] = pair(name);
      }
    });
    if (t.kind === 'weighted' || t.kind === 'activation' || t.kind === 'same-scale') counts[original.opType ?? '?'] = (counts[original.opType ?? '?'] ?? 0) + 1;
    nodes.push({ ...original, input: inputs, output: (original.output ?? []).map(real) });
    for (const out of original.output ?? []) if (renamed.has(out)) pair(out, out);
  }

  /** A constant stored as int8 / int32 with one scale per channel along `axis` (zero points 0), behind its DQ. */
  function dequantized(name: string, type: 'int8' | 'int32', values: Int8Array | Int32Array, dims: readonly number[], scales: Float32Array, axis: number): string {
    const [stored, scale, zeroPoint] = ['quantized', 'scale', 'zero_point'].map((suffix) => index.fresh(`${name}_${suffix}`)) as [string, string, string];
    const zeros = type === 'int8' ? new Int8Array(scales.length) : new Int32Array(scales.length);
    added.push(makeTensor(stored, type, values, dims), makeTensor(scale, 'float32', scales, [scales.length]), makeTensor(zeroPoint, type, zeros, [scales.length]));
    return node('DequantizeLinear', [stored, scale, zeroPoint], index.fresh(`${name}_dequantized`), axis);
  }

  graph.node = nodes;
  graph.initializer.push(...added);
  removeUnused(graph);
  return { quantized: counts };
}

function constant(index: GraphIndex, name: string) {
  const values = floatValues(index.initializers.get(name)!);
  if (!values) throw new Error(`initializer ${name} is not float32`);
  return values;
}

function minMax(data: Float32Array): Range {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { min, max };
}
