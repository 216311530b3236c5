/**
 * What ONNX Runtime makes of a model: it optimises the graph as mapping does (level 'all') and writes the result
 * with `optimizedModelFilePath`, which is read back here. For a QDQ model this shows whether the Q/DQ groups were
 * fused into integer kernels or left as float ops between DQ and Q (slower than the float model).
 *
 * What onnxruntime-node 1.30 writes on x86 at level 'all': every convolution as com.microsoft QLinearConv (its NHWC
 * transformer runs them channels-last, and drops the input Transpose of an NHWC model), with NhwcMaxPool,
 * QLinearAveragePool, QLinearGlobalAveragePool, QLinearConcat, QLinearAdd, QLinearMul, QLinearSigmoid and QGemm
 * from com.microsoft, and ai.onnx QLinearMatMul; Relu and Clip after a fused op are gone, and so is every
 * DequantizeLinear between fused ops. (At level 'extended' the convolutions stay ai.onnx QLinearConv, NCHW.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { decodeModel } from '../read-model';
import { decodedGraph } from '../onnx-proto';

export interface OptimisedOp {
  op: string;
  domain: string;
}

/** The ops of the graph ORT runs for `model` (bytes or a file), after its level-'all' optimisations. */
export async function optimisedOps(model: Uint8Array | string): Promise<OptimisedOp[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lcz-ort-optimised-'));
  try {
    const file = join(dir, 'optimised.onnx');
    // Severity 3 (errors): ORT warns that a level-'all' graph it writes is for this machine, which is why it is read.
    const options: InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', optimizedModelFilePath: file, intraOpNumThreads: 1, logSeverityLevel: 3 };
    const session = typeof model === 'string' ? await InferenceSession.create(model, options) : await InferenceSession.create(model, options);
    await session.release();
    const graph = decodedGraph(decodeModel(await readFile(file), file));
    return graph.node.map((n) => ({ op: n.opType ?? '', domain: n.domain ?? '' }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Convolutions in ORT's graph: fused int8 ones (QLinearConv of either domain), and those still running in float. */
export function convolutionCounts(ops: readonly OptimisedOp[]): { int8: number; float: number } {
  return { int8: ops.filter((o) => o.op === 'QLinearConv').length, float: ops.filter((o) => o.op === 'Conv' || o.op === 'FusedConv').length };
}
