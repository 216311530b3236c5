import { join } from 'node:path';
import type { ExportOnnxParams, JobRequest, JobTarget } from '../../../shared/contract';
import { UserError } from '../../../shared/errors';

/**
 * What a job makes, from its request: the one place that knows where each kind writes. Known when the job starts
 * (a new result or run folder is placed by the core before), so queued, running and ended records all carry it.
 */
export function jobTarget(request: JobRequest): JobTarget {
  switch (request.kind) {
    case 'map':
      return { type: 'result', dir: required(request.params.outDir, 'a mapping', 'outDir') };
    case 'train':
      return { type: 'run', dir: required(request.params.runDir, 'a training', 'runDir') };
    case 'resume-training':
      return { type: 'run', dir: request.params.runDir };
    case 'distill':
      return { type: 'run', dir: required(request.params.runDir, 'a distillation', 'runDir') };
    case 'export-onnx':
      return { type: 'bundles', dir: bundlesDir(request.params) };
    case 'demo-scene':
      return { type: 'folder', dir: request.params.outDir };
    case 'export-map':
      return { type: 'file', path: request.params.output };
    case 'so2sat-synth':
      return { type: 'file', path: request.params.out };
    case 'evaluate-model':
      return { type: 'file', path: request.params.out };
    case 'compare':
      return { type: 'folder', dir: required(request.params.outDir, 'a comparison', 'outDir') };
    case 'quantize':
    case 'prune':
      return { type: 'folder', dir: request.params.out };
    case 'compare-models':
      return { type: 'folder', dir: request.params.outDir };
    case 'metis-deploy':
      return { type: 'folder', dir: request.params.out };
    case 'metis-benchmark':
      return { type: 'folder', dir: request.params.deployment };
    case 'metis-firmware-update':
      return { type: 'file', path: request.params.log };
    case 'areas-map':
      return { type: 'result', dir: required(request.params.outDir, 'a mapping from training areas', 'outDir') };
    case 'so2sat-cut':
      return { type: 'file', path: request.params.out };
  }
}

/** Where an export-onnx job writes its bundles (export-run.ts: one folder per member in it). */
export function bundlesDir(params: ExportOnnxParams): string {
  return params.out ?? join(params.runDir, 'bundles');
}

/** The app leaves these folders out and the core places them; anyone else starting a job must give them. */
function required(dir: string | undefined, what: string, field: string): string {
  if (!dir) throw new UserError(`${what} job needs the folder it writes into (${field}); none was given`);
  return dir;
}
