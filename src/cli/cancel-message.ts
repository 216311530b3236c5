import type { JobRequestInput } from '../shared/contract';
import { request } from './cli-core';

/** What the user called each job, in the cancel message. */
const WHAT: Record<JobRequestInput['kind'], string> = {
  'export-map': 'export',
  map: 'mapping',
  'demo-scene': 'demo',
  'so2sat-synth': 'so2sat synth',
  train: 'training',
  'resume-training': 'training',
  'evaluate-model': 'evaluation',
  'export-onnx': 'export',
  distill: 'distillation',
  quantize: 'quantization',
  prune: 'pruning',
  'compare-models': 'model comparison',
  compare: 'comparison',
  'metis-deploy': 'deployment',
  'metis-benchmark': 'benchmark',
  'metis-firmware-update': 'firmware update',
  'areas-map': 'mapping',
  'so2sat-cut': 'so2sat cut',
};

/** A path as a shell word, so the command can be pasted (workspace paths have spaces: ~/LCZ Studio). */
const shellWord = (path: string) => (/^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`);

/**
 * A training run keeps every finished epoch (a checkpoint per member) and its run.json says how far it got: the
 * cancel leaves a run to resume, and the message says where it is and how.
 */
async function trainingCancelled(runDir: string): Promise<string> {
  const run = await request('runs/get', { dir: runDir }).then(({ status }) => status, () => null);
  if (!run) return 'training cancelled; nothing was written.';
  const done = run.members.reduce((n, m) => n + m.epochsDone, 0);
  const total = run.members.length * run.params.epochs;
  const resume = `lcz ${run.params.distillation ? 'distill' : 'train'} --resume ${shellWord(runDir)}`;
  if (done === 0) return `training cancelled before its first epoch ended; the run's settings are in ${runDir} (start it again with ${resume})`;
  return `training cancelled; the run is in ${runDir} with ${done} of ${total} epochs saved: continue it with ${resume}`;
}

/** What a cancelled job left, in one line: every job but training and bundle export writes all or nothing. */
export async function cancelledMessage(request: JobRequestInput): Promise<string> {
  switch (request.kind) {
    case 'train':
      return request.params.runDir ? trainingCancelled(request.params.runDir) : 'training cancelled.';
    case 'resume-training':
      return trainingCancelled(request.params.runDir);
    case 'distill':
      return request.params.runDir ? trainingCancelled(request.params.runDir) : 'distillation cancelled.';
    case 'export-onnx':
      return 'export cancelled; the members exported before the cancel keep their bundles (each written whole), the others were not written.';
    default:
      return `${WHAT[request.kind]} cancelled; nothing was written.`;
  }
}
