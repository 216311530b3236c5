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
  distill: true,
  'so2sat-synth': true,
  'demo-scene': true,
  'export-map': false,
  // Two maps streamed by row ranges, memory flat, but minutes of one core on a large map.
  compare: true,
  // Minutes of compiling and ONNX Runtime verifying; a benchmark measures the host's share too, so it wants the
  // cores to itself. A firmware update the user confirmed must never wait behind a training of hours.
  'metis-deploy': true,
  'metis-benchmark': true,
  'metis-firmware-update': false,
  // A pass over the scene, then 25 + 1 forests: a core for a minute or more.
  'areas-map': true,
  // Two passes over a scene, writing an HDF5 file.
  'so2sat-cut': true,
  // Calibration passes of ONNX Runtime; pruning fine-tunes with the training engine; the comparison times models.
  quantize: true,
  prune: true,
  'compare-models': true,
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
