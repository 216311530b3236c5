/**
 * Where each node of a graph would run once compiled for Metis. metis.md: operators the AIPU does not take run on the
 * host CPU when they are at the start or the end of the graph (ONNX Runtime runs a preamble and a postamble graph
 * around the AIPU part); in the middle, whether they fail the compile is not documented.
 *
 * - preamble: off-AIPU nodes computed from the graph inputs (and constants) and other preamble nodes only;
 * - postamble: off-AIPU nodes whose outputs go only to graph outputs and other postamble nodes;
 * - unsupported: off-AIPU nodes in between.
 *
 * Flatten/Squeeze are allowed on the AIPU "at the end": whether a node is at the end depends on the placement, so a
 * second pass re-judges them once the postamble is known.
 */
import type { GraphProto, INodeProto, ITensorProto } from '../../onnx/onnx-proto';
import type { Shape } from '../../onnx/shape-inference';
import { aipuVerdict, type NodeVerdict, type RuleContext } from './aipu-rules';

export type Where = 'aipu' | 'host-preamble' | 'host-postamble' | 'unsupported';

export interface PlacedNode {
  node: INodeProto;
  verdict: NodeVerdict;
  where: Where;
}

const onAipu = (v: NodeVerdict) => v.kind === 'aipu' || v.kind === 'unchecked';

function ruleContext(graph: GraphProto, shapes: Map<string, Shape | null>): RuleContext {
  // Constants as exporters store them: initializers, and Constant nodes (PyTorch writes Clip's bounds so).
  const initializers = new Map<string, ITensorProto>(graph.initializer.map((t) => [t.name ?? '', t]));
  for (const node of graph.node) {
    const value = node.opType === 'Constant' ? node.attribute?.find((a) => a.name === 'value')?.t : undefined;
    if (value && node.output?.[0]) initializers.set(node.output[0], value);
  }
  const outputs = new Set(graph.output.map((o) => o.name ?? ''));
  const readers = new Map<string, string[]>();
  for (const node of graph.node) for (const input of node.input ?? []) if (input) readers.set(input, [...(readers.get(input) ?? []), node.opType ?? '']);
  return {
    shape: (t) => (t ? (shapes.get(t) ?? null) : null),
    initializer: (t) => (t ? (initializers.get(t) ?? null) : null),
    readers: (t) => ({ ops: readers.get(t) ?? [], graphOutput: outputs.has(t) }),
  };
}

function assign(graph: GraphProto, verdicts: NodeVerdict[]): Where[] {
  const nodes = graph.node;
  const where: Where[] = verdicts.map((v) => (onAipu(v) ? 'aipu' : 'unsupported'));
  const preambleTensors = new Set([...graph.input.map((i) => i.name ?? ''), ...graph.initializer.map((t) => t.name ?? '')]);
  nodes.forEach((node, i) => {
    if (where[i] === 'aipu' || !(node.input ?? []).every((t) => !t || preambleTensors.has(t))) return;
    where[i] = 'host-preamble';
    for (const out of node.output ?? []) preambleTensors.add(out);
  });
  const graphOutputs = new Set(graph.output.map((o) => o.name ?? ''));
  const readers = new Map<string, number[]>();
  nodes.forEach((node, i) => (node.input ?? []).forEach((t) => t && readers.set(t, [...(readers.get(t) ?? []), i])));
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (where[i] !== 'unsupported') continue;
    const outs = (nodes[i]!.output ?? []).filter(Boolean);
    if (outs.every((t) => (readers.get(t) ?? []).every((r) => where[r] === 'host-postamble') && (graphOutputs.has(t) || (readers.get(t) ?? []).length > 0))) where[i] = 'host-postamble';
  }
  return where;
}

export function placeNodes(graph: GraphProto, shapes: Map<string, Shape | null>): PlacedNode[] {
  const ctx = ruleContext(graph, shapes);
  const verdicts = graph.node.map((node) => (node.opType === 'Constant' ? ({ kind: 'aipu', note: 'a constant' } as NodeVerdict) : aipuVerdict(node, ctx)));
  let where = assign(graph, verdicts);
  // Second pass: a Flatten/Squeeze whose readers all run after the AIPU part is "at the end".
  const index = new Map(graph.node.map((n, i) => [n, i]));
  let changed = false;
  graph.node.forEach((node, i) => {
    if (verdicts[i]!.kind !== 'violation' || (node.opType !== 'Flatten' && node.opType !== 'Squeeze')) return;
    const out = node.output?.[0] ?? '';
    const readers = graph.node.filter((n) => (n.input ?? []).includes(out));
    if (readers.length > 0 && readers.every((r) => where[index.get(r)!] === 'host-postamble')) {
      verdicts[i] = aipuVerdict(node, ctx, true);
      changed = true;
    }
  });
  if (changed) where = assign(graph, verdicts);
  return graph.node.map((node, i) => ({ node, verdict: verdicts[i]!, where: where[i]! }));
}
