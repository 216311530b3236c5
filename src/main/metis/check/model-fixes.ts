/**
 * The graph rewrites LCZ Studio makes before a compile (COMPILE_FIXES in the contract), as pure functions on a decoded
 * model. Each says whether it applies; applying them is prepare-model.ts's job, which then checks with ONNX Runtime
 * that the rewritten model computes the same thing.
 */
import type { CompileFix } from '../../../shared/contract/metis';
import { intsAttr } from '../../onnx/node-attributes';
import { decodedGraph, toNumber, type ModelProto } from '../../onnx/onnx-proto';

/** The metis.md range: opset 14 strongly supported, 17 the maximum. */
export const METIS_MIN_OPSET = 14;
export const METIS_MAX_OPSET = 17;
const NO_OPS = new Set(['Identity', 'Dropout']);

export type Dims = (number | string | null)[];

function mainOpset(model: ModelProto) {
  return model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
}

function realInput(model: ModelProto) {
  const graph = decodedGraph(model);
  const initializers = new Set(graph.initializer.map((t) => t.name));
  return graph.input.find((i) => !initializers.has(i.name))!;
}

export function inputDims(model: ModelProto): Dims {
  return (realInput(model).type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null ? toNumber(d.dimValue) : null));
}

/** The Transpose(0,3,1,2) right after an NHWC input, when it is the input's only reader. */
function inputTranspose(model: ModelProto) {
  const graph = decodedGraph(model);
  const name = realInput(model).name;
  const readers = graph.node.filter((n) => (n.input ?? []).includes(name ?? ''));
  const t = readers[0];
  if (readers.length !== 1 || t?.opType !== 'Transpose' || graph.output.some((o) => o.name === name)) return null;
  const perm = intsAttr(t, 'perm');
  return perm && perm.join(',') === '0,3,1,2' ? t : null;
}

/** Which fixes a model needs; `wanted`: the input's dims as the compiler should see them (batch 1, the patch shape). */
export function neededFixes(model: ModelProto, wanted: readonly number[]): CompileFix[] {
  const fixes: CompileFix[] = [];
  const dims = inputDims(model);
  if (dims.length !== wanted.length || dims.some((d, i) => d !== wanted[i])) fixes.push('input-shape');
  if (toNumber(mainOpset(model)?.version) === 13) fixes.push('opset-14');
  if (inputTranspose(model)) fixes.push('input-transpose');
  if (decodedGraph(model).node.some((n) => NO_OPS.has(n.opType ?? ''))) fixes.push('no-ops');
  return fixes;
}

/** Sets the input's dims (batch 1 and the rest static), and a symbolic batch of the outputs to 1. */
export function fixInputShape(model: ModelProto, dims: readonly number[]): void {
  const shape = realInput(model).type!.tensorType!.shape!;
  shape.dim = dims.map((d) => ({ dimValue: d }));
  for (const output of decodedGraph(model).output) {
    const first = output.type?.tensorType?.shape?.dim?.[0];
    if (first && (first.dimParam || first.dimValue == null)) output.type!.tensorType!.shape!.dim![0] = { dimValue: 1 };
  }
}

/** Opset 13 -> 14: every op changed in 14 (Add, Sub, Mul, Div, Relu, Identity: new types; BatchNormalization, Reshape, GRU/LSTM/RNN: new attributes whose defaults keep the old meaning) computes the same. */
export function declareOpset14(model: ModelProto): void {
  const opset = mainOpset(model);
  if (opset && toNumber(opset.version) === 13) opset.version = 14;
}

/** Removes the NHWC->NCHW Transpose after the input: the input becomes NCHW [N, C, H, W] and feeds the Transpose's readers. */
export function stripInputTranspose(model: ModelProto): void {
  const t = inputTranspose(model);
  if (!t) return;
  const graph = decodedGraph(model);
  const input = realInput(model);
  const dims = input.type!.tensorType!.shape!.dim!;
  input.type!.tensorType!.shape!.dim = [dims[0]!, dims[3]!, dims[1]!, dims[2]!];
  const out = t.output![0]!;
  for (const node of graph.node) node.input = (node.input ?? []).map((i) => (i === out ? input.name! : i));
  graph.node.splice(graph.node.indexOf(t as (typeof graph.node)[number]), 1);
}

/** Removes Identity and Dropout (inference: a copy) nodes, keeping every graph output's name. */
export function removeNoOps(model: ModelProto): void {
  const graph = decodedGraph(model);
  const outputs = new Set(graph.output.map((o) => o.name ?? ''));
  const inputs = new Set(graph.input.map((i) => i.name ?? ''));
  for (const node of [...graph.node]) {
    if (!NO_OPS.has(node.opType ?? '') || (node.output ?? []).filter(Boolean).length !== 1) continue;
    const from = node.input![0]!;
    const to = node.output![0]!;
    const producer = graph.node.find((n) => (n.output ?? []).includes(from));
    if (outputs.has(to)) {
      // The copy names a graph output: its producer takes that name (unless the source is an input or an output too).
      if (!producer || outputs.has(from) || inputs.has(from)) continue;
      producer.output = producer.output!.map((o) => (o === from ? to : o));
      for (const n of graph.node) if (n !== node) n.input = (n.input ?? []).map((i) => (i === from ? to : i));
    } else {
      for (const n of graph.node) n.input = (n.input ?? []).map((i) => (i === to ? from : i));
    }
    graph.node.splice(graph.node.indexOf(node), 1);
  }
}
