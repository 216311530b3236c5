/**
 * What an ONNX file says about itself: opsets, producer, the graph's real inputs (initializers listed as inputs by
 * old exporters are not inputs), outputs with their shapes and the op that makes each (to tell a softmax output from
 * logits), and parameter counts. Files LCZ Studio cannot use at all (wrong opset, several inputs, weights in external
 * files) are refused here with a UserError naming the file; what the classifier's shapes mean is read by
 * classifier-signature.ts.
 */
import { UserError } from '../../shared/errors';
import { onnx, decodedGraph, elementName, toNumber, type IValueInfoProto, type ModelProto } from './onnx-proto';
import { MAX_OPSET, MIN_OPSET } from './graph-builder';
import { decodeModel, readModel } from './read-model';

/** A dimension as declared: a size, a symbolic name ("N", "batch_size"), or null when the file leaves it blank. */
export type DeclaredDim = number | string | null;

export interface TensorSummary {
  name: string;
  /** onnxruntime's name: "float32", "int64"... */
  elementType: string;
  /** Null when the file declares no shape at all. */
  dims: DeclaredDim[] | null;
}

export interface OutputSummary extends TensorSummary {
  /** The op computing this output, looking through trailing Identity/Reshape/Flatten/Squeeze; null for a pass-through of an input. */
  producer: string | null;
  /** The pass-through ops looked through, output side first. */
  through: string[];
  /** The producer's `axis` attribute when it has one (Softmax, LogSoftmax). */
  producerAxis: number | null;
}

export interface ModelSummary {
  file: string;
  irVersion: number;
  opsets: { domain: string; version: number }[];
  /** Version of the default (ai.onnx) opset. */
  opset: number;
  producer: { name: string; version: string };
  docString: string;
  metadata: Record<string, string>;
  inputs: TensorSummary[];
  outputs: OutputSummary[];
  nodeCount: number;
  opTypes: string[];
  initializerCount: number;
  /** Elements over all initializers: the model's weights. */
  parameterCount: number;
}

const PASS_THROUGH = new Set(['Identity', 'Reshape', 'Flatten', 'Squeeze']);

/** Reads and summarises an .onnx file; throws a UserError naming it for files LCZ Studio cannot use. */
export async function inspectModelFile(path: string): Promise<ModelSummary> {
  return summariseModel((await readModel(path)).model, path);
}

export function inspectModelBytes(bytes: Uint8Array, file: string): ModelSummary {
  return summariseModel(decodeModel(bytes, file), file);
}

export function summariseModel(model: ModelProto, file: string): ModelSummary {
  const graph = decodedGraph(model);
  const opsets = model.opsetImport.map((o) => ({ domain: o.domain ?? '', version: toNumber(o.version) }));
  const main = opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!main) throw new UserError('the model imports no ONNX opset (a damaged or truncated file?)', file);
  if (main.version < MIN_OPSET || main.version > MAX_OPSET) {
    throw new UserError(`the model uses ONNX opset ${main.version}; LCZ Studio reads opsets ${MIN_OPSET}-${MAX_OPSET}: re-export with opset 13-17`, file);
  }
  if (graph.initializer.some((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)) {
    throw new UserError('the weights are stored in separate files beside the model (external data); re-export as a single .onnx file', file);
  }
  const initializerNames = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((i) => !initializerNames.has(i.name ?? '')).map(tensorSummary);
  if (inputs.length === 0) throw new UserError('the model has no inputs', file);
  if (inputs.length > 1) {
    throw new UserError(`the model has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); LCZ Studio needs one input: a batch of image patches`, file);
  }
  return {
    file,
    irVersion: toNumber(model.irVersion),
    opsets,
    opset: main.version,
    producer: { name: model.producerName ?? '', version: model.producerVersion ?? '' },
    docString: model.docString ?? '',
    metadata: Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''])),
    inputs,
    outputs: graph.output.map((o) => ({ ...tensorSummary(o), ...producerOf(model, o.name ?? '') })),
    nodeCount: graph.node.length,
    opTypes: [...new Set(graph.node.map((n) => n.opType ?? ''))],
    initializerCount: graph.initializer.length,
    parameterCount: graph.initializer.reduce((sum, t) => sum + (t.dims ?? []).reduce<number>((a, d) => a * toNumber(d), 1), 0),
  };
}

function tensorSummary(v: IValueInfoProto): TensorSummary {
  const tensor = v.type?.tensorType;
  const shape = tensor?.shape;
  return {
    name: v.name ?? '',
    elementType: tensor ? elementName(tensor.elemType) : 'not a tensor',
    dims: shape ? (shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? toNumber(d.dimValue) : null)) : null,
  };
}

function producerOf(model: ModelProto, output: string): Pick<OutputSummary, 'producer' | 'through' | 'producerAxis'> {
  const byOutput = new Map(decodedGraph(model).node.flatMap((n) => (n.output ?? []).map((o) => [o, n] as const)));
  const through: string[] = [];
  let node = byOutput.get(output);
  while (node && PASS_THROUGH.has(node.opType ?? '') && through.length < 16) {
    through.push(node.opType ?? '');
    node = byOutput.get(node.input?.[0] ?? '');
  }
  const axis = node?.attribute?.find((a) => a.name === 'axis');
  return { producer: node?.opType ?? null, through, producerAxis: axis ? toNumber(axis.i) : null };
}
