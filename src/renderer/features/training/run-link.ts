import type { JobRecord, RunListItem } from '../../../shared/contract';

/**
 * Which run folder a training job trains. jobs/start does not say where the core put a new run, and a job record
 * carries no params, so a train job is matched to the run of its name created after it started (the app always
 * names its runs), and a resume job to the run folder named in its title. Pure: tested in Node.
 */

export const TRAIN_JOB_KINDS = ['train', 'resume-training'] as const;

export function isTrainingJob(job: Pick<JobRecord, 'kind'>): boolean {
  return (TRAIN_JOB_KINDS as readonly string[]).includes(job.kind);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** The folder of a finished run from the files its job wrote (run.json is first among them). */
export function runDirOfOutputs(outputs: readonly string[]): string | null {
  const file = outputs.find((p) => /[\\/]run\.json$/.test(p));
  if (!file) return null;
  return file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));
}

export function runOfJob(job: Pick<JobRecord, 'kind' | 'title' | 'startedAt'>, runs: readonly RunListItem[]): RunListItem | null {
  if (job.kind === 'resume-training') {
    const folder = /^Resume training \((.+)\)$/.exec(job.title)?.[1];
    return folder ? (runs.find((r) => baseName(r.dir) === folder) ?? null) : null;
  }
  if (job.kind !== 'train') return null;
  const candidates = runs.filter((r) => r.name === job.title && r.createdAt >= job.startedAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return candidates[0] ?? null;
}
