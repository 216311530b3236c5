import type { PruneParams, QuantizeParams } from '../../../shared/contract/compression';
import type { JobContext } from '../job-context';
import { jobRunContext } from './job-run-context';

/** Int8 quantization of a bundle into a new bundle; what stays in float is in its manifest (provenance.quantization). */
export async function runQuantize(params: QuantizeParams, ctx: JobContext): Promise<string[]> {
  const { quantizeBundle } = await import('../../onnx/quantize/quantize-bundle');
  const { bundle } = await quantizeBundle(params, jobRunContext(ctx));
  return [bundle.dir];
}

/** Structured pruning of a bundle into a new bundle (fine-tuned when its training checkpoint is found). */
export async function runPrune(params: PruneParams, ctx: JobContext): Promise<string[]> {
  const { pruneBundle } = await import('../../train/prune/prune-bundle');
  const { bundle } = await pruneBundle(params, jobRunContext(ctx));
  return [bundle.dir];
}
