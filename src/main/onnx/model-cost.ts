/**
 * What a model costs: its parameters and their bytes, and the multiply-accumulates (MACs) of one forward pass at a
 * given batch size (default 1). MACs count the layers that do the arithmetic, as model zoos quote them (torchvision's
 * "GFLOPS" column, which ResNet-18's 1.81 shows to be MACs): Conv (output elements x input channels per group x
 * kernel area), Gemm and MatMul (output elements x the inner dimension). Element-wise layers, pooling and batch norm
 * (folded into the convolution by compilers) are left out. A layer whose shapes cannot be told statically is listed
 * in `uncounted` rather than guessed, so a figure is never silently low.
 *
 * Used by the Metis simulator's throughput estimate (metis/simulator/fps-estimate.ts) and the distillation report.
 */
import { elementBytes, intAttr, nodeLabel } from './node-attributes';
import { decodedGraph, toNumber, type ModelProto } from './onnx-proto';
import { inferShapes, type Shape } from './shape-inference';

export interface ModelCost {
  /** Elements over all initializers (weights, biases, and the few shape constants exporters store). */
  parameters: number;
  /** Bytes those initializers hold as stored (float32: 4 per parameter, int8: 1). */
  weightBytes: number;
  /** Multiply-accumulates of one forward pass at `batch`. */
  macs: number;
  /** MACs by op type ("Conv", "Gemm", "MatMul"). */
  macsByOp: Record<string, number>;
  /** MACs of grouped convolutions with one input channel per group (depthwise), which accelerators run less efficiently. */
  depthwiseMacs: number;
  /** Labels of the arithmetic layers whose shapes could not be told (their MACs are not in `macs`). */
  uncounted: string[];
  batch: number;
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

export function modelCost(model: ModelProto, options: { batch?: number } = {}): ModelCost {
  const batch = options.batch ?? 1;
  const graph = decodedGraph(model);
  const shapes = inferShapes(graph, { batch });
  const shape = (name: string | undefined): Shape | null => (name ? (shapes.get(name) ?? null) : null);
  let parameters = 0;
  let weightBytes = 0;
  for (const t of graph.initializer) {
    const n = product((t.dims ?? []).map((d) => toNumber(d)));
    parameters += n;
    weightBytes += n * elementBytes(t.dataType);
  }
  const macsByOp: Record<string, number> = {};
  let depthwiseMacs = 0;
  const uncounted: string[] = [];
  for (const node of graph.node) {
    const op = node.opType ?? '';
    if (op !== 'Conv' && op !== 'Gemm' && op !== 'MatMul') continue;
    const out = shape(node.output?.[0]);
    const a = shape(node.input?.[0]);
    const w = shape(node.input?.[1]);
    if (!out || !a || !w) {
      uncounted.push(nodeLabel(node));
      continue;
    }
    let macs: number;
    if (op === 'Conv') {
      const perGroup = w[1]!; // weights are [M, C/group, k...]
      macs = product(out) * perGroup * product(w.slice(2));
      if (perGroup === 1 && intAttr(node, 'group', 1) > 1) depthwiseMacs += macs;
    } else if (op === 'Gemm') {
      macs = product(out) * (intAttr(node, 'transA', 0) ? a[0]! : a[1]!);
    } else {
      macs = product(out) * a.at(-1)!;
    }
    macsByOp[op] = (macsByOp[op] ?? 0) + macs;
  }
  return { parameters, weightBytes, macs: Object.values(macsByOp).reduce((s, v) => s + v, 0), macsByOp, depthwiseMacs, uncounted, batch };
}
