/**
 * Test helpers for int8 models: the layout rules of a QDQ model ONNX Runtime fuses (checked on the model we write),
 * the ops ORT runs after optimising it (read from the graph it writes), and a quick way to quantize a bare model.
 */
import { decodeModel } from '../../../src/main/onnx/read-model';
import { decodedGraph, toNumber, type INodeProto, type ITensorProto } from '../../../src/main/onnx/onnx-proto';
import { optimisedOps } from '../../../src/main/onnx/quantize/ort-fusion';
import { prepareQuantization, quantizeModel, type QuantizedModel } from '../../../src/main/onnx/quantize/quantize-model';
import type { CalibrationSettings } from '../../../src/main/onnx/quantize/calibrate';
import { mulberry32 } from '../../../src/main/synthetic/noise';

const INT8 = 3;
const UINT8 = 2;
const INT32 = 6;

function scalarOrVector(t: ITensorProto | undefined): number[] {
  if (!t) return [];
  const view = new DataView(t.rawData!.buffer, t.rawData!.byteOffset, t.rawData!.byteLength);
  const width = t.dataType === 1 || t.dataType === INT32 ? 4 : 1;
  return Array.from({ length: t.rawData!.byteLength / width }, (_, i) =>
    t.dataType === 1 ? view.getFloat32(i * 4, true) : t.dataType === INT32 ? view.getInt32(i * 4, true) : t.dataType === INT8 ? view.getInt8(i) : view.getUint8(i),
  );
}

/**
 * Every way the model breaks the QDQ layout rules ORT's fusions rely on (empty: none):
 * each Q is read by exactly one DQ, each DQ by exactly one node; no Conv output is a graph output; a Conv reads
 * DQ(x uint8), DQ(W int8, per channel on axis 0, zero points 0), DQ(bias int32, scale = x scale x W scale, zero
 * point 0), and its output goes straight to Qs, or to one Relu/Clip that goes straight to Qs (absorbed), never to a
 * Q whose DQ feeds a Relu/Clip.
 */
export function qdqLayoutProblems(bytes: Uint8Array): string[] {
  const graph = decodedGraph(decodeModel(bytes, 'int8 model'));
  const inits = new Map(graph.initializer.map((t) => [t.name ?? '', t]));
  const producer = new Map(graph.node.flatMap((n) => (n.output ?? []).map((o) => [o, n] as const)));
  const readers = (t: string) => graph.node.filter((n) => (n.input ?? []).includes(t));
  const outputs = new Set(graph.output.map((o) => o.name));
  const problems: string[] = [];
  for (const n of graph.node) {
    const out = n.output![0]!;
    if (n.opType === 'QuantizeLinear') {
      const r = readers(out);
      if (r.length !== 1 || r[0]!.opType !== 'DequantizeLinear') problems.push(`Q ${out} is read by ${r.map((x) => x.opType).join(', ') || 'nothing'}`);
      if (inits.get(n.input![2]!)?.dataType !== UINT8) problems.push(`Q ${out} is not uint8`);
    }
    if (n.opType === 'DequantizeLinear' && !outputs.has(out) && readers(out).length !== 1) problems.push(`DQ ${out} is read by ${readers(out).length} nodes`);
    if (n.opType !== 'Conv') continue;
    if (outputs.has(out)) problems.push(`Conv ${out} is a graph output`);
    const [x, w, b] = (n.input ?? []).map((i) => producer.get(i));
    const dqOf = (dq: INodeProto | undefined, what: string) => {
      if (dq?.opType !== 'DequantizeLinear') problems.push(`Conv ${out}: its ${what} does not come from a DequantizeLinear`);
      return dq?.opType === 'DequantizeLinear' ? dq : null;
    };
    const xdq = dqOf(x, 'input');
    const wdq = dqOf(w, 'weight');
    if (xdq && producer.get(xdq.input![0]!)?.opType !== 'QuantizeLinear') problems.push(`Conv ${out}: its input DQ reads no Q`);
    if (wdq) {
      const values = inits.get(wdq.input![0]!);
      const axis = wdq.attribute?.find((a) => a.name === 'axis');
      const channels = toNumber(values?.dims?.[0]);
      if (values?.dataType !== INT8) problems.push(`Conv ${out}: weights are not int8`);
      if (!axis || toNumber(axis.i) !== 0 || scalarOrVector(inits.get(wdq.input![1]!)).length !== channels) problems.push(`Conv ${out}: weights are not per channel on axis 0`);
      if (scalarOrVector(inits.get(wdq.input![2]!)).some((z) => z !== 0)) problems.push(`Conv ${out}: weight zero points are not 0`);
      if (n.input![2]) {
        const bdq = dqOf(b, 'bias');
        if (bdq && xdq) {
          const xs = scalarOrVector(inits.get(xdq.input![1]!))[0]!;
          const ws = scalarOrVector(inits.get(wdq.input![1]!));
          const bs = scalarOrVector(inits.get(bdq.input![1]!));
          if (inits.get(bdq.input![0]!)?.dataType !== INT32) problems.push(`Conv ${out}: bias is not int32`);
          if (bs.some((s, c) => s !== Math.fround(xs * ws[c]!))) problems.push(`Conv ${out}: bias scale is not input scale x weight scale`);
          if (scalarOrVector(inits.get(bdq.input![2]!)).some((z) => z !== 0)) problems.push(`Conv ${out}: bias zero points are not 0`);
        }
      }
    }
    let after = readers(out);
    if (after.length === 1 && (after[0]!.opType === 'Relu' || after[0]!.opType === 'Clip')) after = readers(after[0]!.output![0]!);
    // Not absorbed: the Conv's output quantized, then a Relu on its dequantized values (half the int8 range wasted).
    const reluBehindQdq = after.filter((q) => q.opType === 'QuantizeLinear').flatMap((q) => readers(q.output![0]!)).flatMap((dq) => readers(dq.output![0]!));
    if (reluBehindQdq.some((r) => r.opType === 'Relu' || r.opType === 'Clip')) problems.push(`Conv ${out}: its Relu/Clip reads it through Q/DQ instead of being absorbed`);
    if (after.length === 0 || after.some((r) => r.opType !== 'QuantizeLinear')) problems.push(`Conv ${out} is followed by ${after.map((r) => r.opType).join(', ') || 'nothing'}, not by Q (through at most one Relu/Clip)`);
  }
  return problems;
}

/** "domain:op" -> count, of the graph ORT runs after its level-'all' optimisations. */
export async function optimisedOpCounts(model: Uint8Array | string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { op, domain } of await optimisedOps(model)) counts[`${domain || 'ai.onnx'}:${op}`] = (counts[`${domain || 'ai.onnx'}:${op}`] ?? 0) + 1;
  return counts;
}

/** Seeded patches like normalised reflectance (about -2..2). */
export function noisePatches(n: number, length: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n * length }, () => random() * 4 - 2);
}

/** Quantizes a bare model on seeded random patches. */
export async function quantizeBytes(bytes: Uint8Array, patchDims: number[], o: { calibration?: CalibrationSettings; reduceRange?: boolean; patches?: number } = {}): Promise<QuantizedModel> {
  const patches = o.patches ?? 256;
  const prepared = prepareQuantization(decodeModel(bytes, 'model.onnx'), 'model.onnx');
  const inputName = decodedGraph(prepared.model).input[0]!.name!;
  const data = noisePatches(patches, patchDims.reduce((a, b) => a * b, 1), 5);
  const input = { modelFile: 'model.onnx', inputName, batches: async function* () { yield data; }, patches, patchDims, threads: 1 };
  return quantizeModel(prepared, input, { calibration: o.calibration ?? { method: 'minmax' }, reduceRange: o.reduceRange ?? true, docString: 'test' });
}
