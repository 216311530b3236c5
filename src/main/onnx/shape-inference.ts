/**
 * Static shapes of every tensor of a graph, for a given batch size: the graph's input dims (a symbolic or blank batch
 * dimension takes `batch`), the initializers' dims, then each node in order through shape-rules.ts. Where a rule
 * cannot tell, a static shape the file itself declares (value_info, graph outputs) is used; otherwise the tensor is
 * unknown (null), and so is everything computed from it. Exporters rarely write value_info, so the rules do the work.
 */
import { constantInts } from './node-attributes';
import { decodedGraph, toNumber, type GraphProto, type IValueInfoProto, type ModelProto } from './onnx-proto';
import { outputShapes, type Shape } from './shape-rules';

export type { Shape } from './shape-rules';

export interface ShapeOptions {
  /** The size given to a symbolic or blank first dimension of a graph input; default 1. */
  batch?: number;
}

/** A declared shape with every dim fixed, or null; a symbolic first dim of a graph input becomes `batch`. */
function declaredShape(v: IValueInfoProto, batch: number | null): Shape | null {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims) return null;
  const out: Shape = [];
  for (const [i, d] of dims.entries()) {
    if (d.dimValue != null && !d.dimParam && toNumber(d.dimValue) > 0) out.push(toNumber(d.dimValue));
    else if (i === 0 && batch !== null) out.push(batch);
    else return null;
  }
  return out;
}

export function inferShapes(source: ModelProto | GraphProto, options: ShapeOptions = {}): Map<string, Shape | null> {
  const graph = 'graph' in source && source.graph ? decodedGraph(source as ModelProto) : (source as GraphProto);
  const batch = options.batch ?? 1;
  const shapes = new Map<string, Shape | null>();
  for (const t of graph.initializer) shapes.set(t.name ?? '', (t.dims ?? []).map((d) => toNumber(d)));
  for (const input of graph.input) if (!shapes.has(input.name ?? '')) shapes.set(input.name ?? '', declaredShape(input, batch));
  const declared = new Map<string, Shape | null>([...graph.valueInfo, ...graph.output].map((v) => [v.name ?? '', declaredShape(v, null)]));
  const ints = constantInts(graph);
  for (const node of graph.node) {
    const inputs = (node.input ?? []).map((name) => (name ? (shapes.get(name) ?? null) : null));
    let outs: (Shape | null)[] | null = null;
    try {
      outs = outputShapes({ node, inputs, ints: (name) => (name ? (ints.get(name) ?? null) : null) });
    } catch {
      outs = null; // attributes inconsistent with the shapes: the runtime will say so; here the shape is unknown
    }
    (node.output ?? []).forEach((name, i) => {
      if (!name) return;
      const inferred = outs?.[i] ?? null;
      shapes.set(name, inferred && inferred.every((d) => Number.isInteger(d) && d >= 0) ? inferred : (declared.get(name) ?? null));
    });
  }
  return shapes;
}
