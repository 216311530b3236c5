/**
 * Look-ups over a decoded ONNX graph that the quantizer's passes share: which node makes a tensor, which nodes read
 * it, the constant initializers, the graph's outputs. (Node attributes: ../node-attributes.ts.)
 */
import type { GraphProto, INodeProto, ITensorProto } from '../onnx-proto';

export class GraphIndex {
  readonly producer = new Map<string, INodeProto>();
  readonly consumers = new Map<string, INodeProto[]>();
  readonly initializers = new Map<string, ITensorProto>();
  readonly outputs: Set<string>;
  /** Every tensor name in use (inputs, initializers, node outputs), for making fresh ones. */
  private readonly names = new Set<string>();

  constructor(readonly graph: GraphProto) {
    for (const t of graph.initializer) this.initializers.set(t.name ?? '', t);
    for (const t of graph.initializer) this.names.add(t.name ?? '');
    for (const i of graph.input) this.names.add(i.name ?? '');
    for (const node of graph.node) {
      for (const out of node.output ?? []) {
        this.producer.set(out, node);
        this.names.add(out);
      }
      for (const input of new Set(node.input ?? [])) {
        if (!input) continue;
        const list = this.consumers.get(input) ?? [];
        list.push(node);
        this.consumers.set(input, list);
      }
    }
    this.outputs = new Set(graph.output.map((o) => o.name ?? ''));
  }

  consumersOf(tensor: string): INodeProto[] {
    return this.consumers.get(tensor) ?? [];
  }

  isConstant(tensor: string): boolean {
    return this.initializers.has(tensor);
  }

  /** A tensor or node name not used yet: `base`, or `base_1`, `base_2`... (remembered as used). */
  fresh(base: string): string {
    let name = base;
    for (let n = 1; this.names.has(name); n++) name = `${base}_${n}`;
    this.names.add(name);
    return name;
  }
}
