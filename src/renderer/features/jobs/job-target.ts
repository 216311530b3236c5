import type { JobRecord, JobTarget } from '../../../shared/contract';
import { splitPath } from './job-outputs';

/**
 * What a job made, or makes, read from its record's target (never from its title). Pure: tested in Node; JobRow
 * words it and offers to open it.
 */

/** The run folder a job trains (a training, or the resume of one); null for other jobs. */
export function runDirOf(job: Pick<JobRecord, 'target'>): string | null {
  return job.target.type === 'run' ? job.target.dir : null;
}

/** The mapping result folder a job makes; null for other jobs. */
export function resultDirOf(job: Pick<JobRecord, 'target'>): string | null {
  return job.target.type === 'result' ? job.target.dir : null;
}

/** The folder a jobs/start answer names as the run it trains: a train or resume job's target is always a run. */
export function runDirOfTarget(target: JobTarget): string {
  if (target.type !== 'run') throw new Error(`a training job's target is a run folder, not a ${target.type}`);
  return target.dir;
}

/** Where a target is on disk: its folder, or its file. */
export function targetPath(target: JobTarget): string {
  return target.type === 'file' ? target.path : target.dir;
}

/** The folder a target's files are in: the target's own, or its file's (whose sidecars go beside it). */
export function targetFolder(target: JobTarget): string {
  return target.type === 'file' ? splitPath(target.path).folder : target.dir;
}

/** Something a job made that the app can show: a result on the Map view, a run in the Training view. */
export interface JobLink {
  to: 'result' | 'run';
  dir: string;
  label: string;
}

export interface JobMade {
  /** In words: "Made the LCZ map result 2026-…", "Wrote synthetic.h5". */
  words: string;
  /** Full path of the target, for its tooltip. */
  path: string;
  open: JobLink | null;
}

/**
 * The run a training job that ended left, to open or resume: all of them once it succeeded; after a failure or a
 * cancel, a resume's run (there before it) and a new run whose job had started working (run.json is written before
 * the first progress), never one cancelled while it waited in the queue.
 */
export function runLeftBy(job: JobRecord): string | null {
  const dir = runDirOf(job);
  if (dir === null) return null;
  if (job.state === 'succeeded') return dir;
  if (job.state !== 'failed' && job.state !== 'cancelled') return null;
  return job.kind === 'resume-training' || job.progress !== null ? dir : null;
}

/**
 * A new training whose last progress was still in the first epoch of its first member (or before the training, in
 * the data check): it has no finished epoch to keep. A resume had epochs before it, which its run keeps.
 */
function stoppedInFirstEpoch(job: JobRecord): boolean {
  if (job.kind !== 'train') return false;
  const metrics = job.progress?.metrics;
  return metrics?.epoch === undefined || (metrics.member === 1 && metrics.epoch === 1);
}

/**
 * What a job's row says it made: once it succeeded, its target; a training that stopped still made a run (its finished
 * epochs are kept, and Resume is in its report). Nothing for a job still under way, nor one that left nothing.
 */
export function jobMade(job: JobRecord): JobMade | null {
  const { target } = job;
  const path = targetPath(target);
  const name = splitPath(path.replace(/(?<=.)[\\/]+$/, '')).name;
  if (target.type === 'run' && job.state !== 'succeeded' && runLeftBy(job) !== null) {
    const words = stoppedInFirstEpoch(job) ? `The run ${name} stopped before its first epoch finished` : `The run ${name} keeps its finished epochs`;
    return { words, path, open: { to: 'run', dir: target.dir, label: 'Open in Training' } };
  }
  if (job.state !== 'succeeded') return null;
  switch (target.type) {
    case 'result':
      return { words: `Made the LCZ map result ${name}`, path, open: { to: 'result', dir: target.dir, label: 'Open on the map' } };
    case 'run':
      return { words: `Trained the run ${name}`, path, open: { to: 'run', dir: target.dir, label: 'Open in Training' } };
    case 'bundles':
      return { words: `Wrote model bundles into ${path} (they are among the models of the Mapping tab)`, path, open: null };
    case 'file':
      return { words: `Wrote ${path}`, path, open: null };
    case 'folder':
      return { words: `Wrote into ${path}`, path, open: null };
  }
}
