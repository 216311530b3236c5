import { availableParallelism } from 'node:os';
import type { JobKind } from '../../shared/contract';

/**
 * Which kinds of job are heavy: they hold cores (ONNX Runtime and the training kernels use several threads each) and
 * hundreds of MB for minutes to hours, so only a few run at once and the rest wait their turn. A Record, so a new
 * kind cannot be added without deciding.
 *
 * export-map is the one light kind: it reads one band of an LCZ map (a few thousand cells across at 100 m) and is
 * done in seconds, and the user waits for the file; holding it behind a training of hours would look like a hang.
 */
export const HEAVY_KINDS: Readonly<Record<JobKind, boolean>> = {
  map: true,
  train: true,
  'resume-training': true,
  'evaluate-model': true,
  'export-onnx': true,
  'so2sat-synth': true,
  'demo-scene': true,
  'export-map': false,
};

/**
 * Heavy jobs that may run at once on a machine of `cores`: half its cores, and at least 2. One would be the kindest
 * to a 2-core laptop, but then a training run (hours) would hold back every mapping; two jobs on two cores run at
 * about half speed each, and the machine stays usable because the rest wait. Six jobs started at once no longer all
 * compete for the cores and the memory.
 */
export function defaultHeavyJobLimit(cores = availableParallelism()): number {
  return Math.max(2, Math.floor(cores / 2));
}
