/**
 * SIMULATOR ONLY. Splits a prepared model as the compiler does (metis.md: operators the AIPU does not run at the end
 * of the graph become a postamble ONNX graph the host runs): the AIPU part (every node but the postamble) and the
 * postamble graph, which reads the AIPU part's outputs by name. Uses the same placement as the compatibility check
 * (check/placement.ts). Both parts get a symbolic batch, so that the simulated card can run many patches at once.
 */
import { decodedGraph, onnx, type GraphProto, type IValueInfoProto, type ModelProto } from '../../onnx/onnx-proto';
import { inferShapes, type Shape } from '../../onnx/shape-inference';
import { placeNodes } from '../check/placement';

export interface SplitModel {
  aipu: Uint8Array;
  postamble: Uint8Array | null;
  /** The AIPU part's outputs, with their shapes at batch 1. */
  outputs: { name: string; shape: Shape }[];
}

function tensorInfo(name: string, shape: readonly number[], elemType = onnx.TensorProto.DataType.FLOAT): IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: shape.map((d, i) => (i === 0 ? { dimParam: 'N' } : { dimValue: d })) } } } };
}

function withBatchSymbolic(values: IValueInfoProto[], shapes: Map<string, Shape | null>): IValueInfoProto[] {
  return values.map((v) => {
    const shape = shapes.get(v.name ?? '');
    return shape ? tensorInfo(v.name ?? '', shape, v.type?.tensorType?.elemType ?? onnx.TensorProto.DataType.FLOAT) : v;
  });
}

function encode(model: ModelProto, graph: Partial<GraphProto>): Uint8Array {
  const copy = onnx.ModelProto.fromObject(onnx.ModelProto.toObject(model));
  Object.assign(copy.graph!, graph);
  return onnx.ModelProto.encode(copy).finish();
}

export function splitPostamble(model: ModelProto): SplitModel {
  const graph = decodedGraph(model);
  const shapes = inferShapes(graph, { batch: 1 });
  const placed = placeNodes(graph, shapes);
  const post = new Set(placed.filter((p) => p.where === 'host-postamble').map((p) => p.node));
  const main = graph.node.filter((n) => !post.has(n));
  const produced = new Set(main.flatMap((n) => n.output ?? []));
  const graphOutputs = new Set(graph.output.map((o) => o.name ?? ''));
  const boundary = [...new Set([...post].flatMap((n) => n.input ?? []).filter((t) => produced.has(t)))];
  const direct = [...produced].filter((t) => graphOutputs.has(t));
  const outputNames = [...boundary, ...direct.filter((t) => !boundary.includes(t))];
  const outputs = outputNames.map((name) => {
    const shape = shapes.get(name);
    if (!shape) throw new Error(`the shape of ${name} cannot be told: the simulator cannot split the model there`);
    return { name, shape };
  });
  const usedByMain = new Set(main.flatMap((n) => n.input ?? []));
  const aipu = encode(model, {
    node: main,
    initializer: graph.initializer.filter((t) => usedByMain.has(t.name ?? '')),
    input: withBatchSymbolic(graph.input.filter((i) => !graph.initializer.some((t) => t.name === i.name) || usedByMain.has(i.name ?? '')), shapes),
    output: outputs.map((o) => tensorInfo(o.name, o.shape)),
    valueInfo: [],
  });
  if (post.size === 0) return { aipu, postamble: null, outputs };
  const postNodes = graph.node.filter((n) => post.has(n));
  const used = new Set(postNodes.flatMap((n) => n.input ?? []));
  const postamble = encode(model, {
    node: postNodes,
    input: boundary.map((name) => tensorInfo(name, shapes.get(name)!)),
    initializer: graph.initializer.filter((t) => used.has(t.name ?? '')),
    output: withBatchSymbolic(graph.output.filter((o) => !produced.has(o.name ?? '')), shapes),
    valueInfo: [],
    name: `${graph.name ?? 'graph'}_postamble`,
  });
  return { aipu, postamble, outputs };
}
