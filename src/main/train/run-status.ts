/**
 * run.json's states and the moves between them. A run is written "training" (with the process that trains it) as
 * soon as its job starts, and every way out of that job (success, a failure at any step, a cancel) writes where it
 * ended; only a killed process cannot, which run-liveness.ts recognises.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { NonFiniteCounts, RunFile, TrainParams } from '../../shared/contract/training';
import type { So2SatFile } from '../so2sat/so2sat-file';
import type { MemberChannels } from './input-modes';
import { currentWorker } from './run-liveness';

/** What every state of run.json holds. */
type RunBase = Omit<RunFile, 'state' | 'reason'>;

function baseOf(run: RunFile): RunBase {
  if (run.state === 'training') {
    const { state: _state, reason: _reason, worker: _worker, ...base } = run;
    return base;
  }
  const { state: _state, reason: _reason, ...base } = run;
  return base;
}

/** A new run.json for params (members pending), trained by this process. */
export function newRunStatus(params: TrainParams & { runDir: string }, channels: MemberChannels[]): RunFile {
  const now = new Date().toISOString();
  return {
    schemaVersion: 1,
    id: randomUUID(),
    name: params.name ?? `${params.members.length === 1 ? params.members[0]!.arch : `Ensemble of ${params.members.length}`} on ${basename(params.train)}`,
    createdAt: now,
    updatedAt: now,
    state: 'training',
    reason: null,
    worker: currentWorker(),
    params,
    backend: null,
    members: params.members.map((spec, i) => ({ spec, state: 'pending', channels: channels[i]!.names, epochsDone: 0, parameters: 0, history: [], bundle: null, reason: null })),
    normalisation: null,
    nonFinite: { train: { sen2: 0, sen1: 0 }, test: null },
    evaluated: false,
  };
}

/** The run, now trained by this process. */
export function trainingNow(run: RunFile): RunFile {
  return { ...baseOf(run), state: 'training', reason: null, worker: currentWorker() };
}

export function doneRun(run: RunFile): RunFile {
  return { ...baseOf(run), state: 'done', reason: null };
}

/** The run after its job stopped on an error: cancelled when the user asked, else failed with the error's message. */
export function stoppedRun(run: RunFile, cancelled: boolean, error: unknown): RunFile {
  const reason = error instanceof Error ? error.message : String(error);
  for (const member of run.members) {
    if (member.state !== 'training') continue;
    member.state = cancelled ? 'cancelled' : 'failed';
    member.reason = cancelled ? null : reason;
  }
  return cancelled ? { ...baseOf(run), state: 'cancelled', reason: null } : { ...baseOf(run), state: 'failed', reason };
}

const most = (a: NonFiniteCounts, b: NonFiniteCounts): NonFiniteCounts => ({ sen2: Math.max(a.sen2, b.sen2), sen1: Math.max(a.sen1, b.sen1) });

/**
 * The non-finite values met in the run's files so far. A file counts each patch once however often it is read; a
 * resumed run reopens its files, so the counts of an earlier attempt stand until this one has read as much.
 */
export function recordNonFinite(run: RunFile, file: So2SatFile, test: So2SatFile | null): void {
  const before = run.nonFinite;
  run.nonFinite = {
    train: most(before.train, file.nonFinite()),
    test: test ? most(before.test ?? { sen2: 0, sen1: 0 }, test.nonFinite()) : before.test,
  };
}
