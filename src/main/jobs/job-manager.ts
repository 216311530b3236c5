import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { jobRequestSchema, type JobProgress, type JobRecord, type JobRequestInput } from '../../shared/contract';
import { parseOrExplain } from '../../shared/errors';
import { runningFromSource } from '../paths';
import { jobTitle } from './kinds/titles';
import type { FromJob, ToJob } from './protocol';

/** After a cancel, how long a job may take to stop by itself before it is killed. */
const CANCEL_GRACE_MS = 5_000;
/** Progress reaches the faces at most this often per job. */
const PROGRESS_INTERVAL_MS = 100;

interface Live {
  child: ChildProcess;
  record: JobRecord;
  lastEmit: number;
  outcome?: FromJob;
  killTimer?: NodeJS.Timeout;
}

function runnerEntry(): { path: string; execArgv: string[] } {
  if (runningFromSource()) {
    // tsx by its resolved URL: a bare "--import tsx" would be looked up from the current folder, not the app's.
    return { path: fileURLToPath(new URL('./runner.ts', import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  // The electron-vite build puts the runner beside the main bundle.
  return { path: fileURLToPath(new URL('./job-runner.js', import.meta.url)), execArgv: [] };
}

/**
 * Runs every job in its own child process, so a crash or a runaway job never takes the app down.
 * Emits 'update' with the job's record on every change of state and (throttled) progress.
 */
export class JobManager extends EventEmitter<{ update: [JobRecord] }> {
  private readonly live = new Map<string, Live>();
  private readonly ended: JobRecord[] = [];

  start(input: JobRequestInput): string {
    // Every start is checked against the contract, whoever asks (the core has already, the CLI and scripts not).
    const request = parseOrExplain(jobRequestSchema, input, `Invalid ${input.kind} job`);
    const id = randomUUID();
    const entry = runnerEntry();
    const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const record: JobRecord = { id, kind: request.kind, title: jobTitle(request), startedAt: new Date().toISOString(), progress: null, state: 'running' };
    const job: Live = { child, record, lastEmit: 0 };
    this.live.set(id, job);
    child.on('message', (message: FromJob) => this.onMessage(job, message));
    child.on('exit', (code, signal) => this.onExit(job, code, signal));
    child.on('error', (error) => {
      job.outcome ??= { type: 'failed', reason: `The job process could not run: ${error.message}` };
    });
    child.send({ type: 'start', request } satisfies ToJob);
    this.emit('update', record);
    return id;
  }

  cancel(id: string): boolean {
    const job = this.live.get(id);
    if (!job) return false;
    job.child.send({ type: 'cancel' } satisfies ToJob, () => undefined);
    job.killTimer ??= setTimeout(() => job.child.kill('SIGKILL'), CANCEL_GRACE_MS);
    job.outcome ??= { type: 'cancelled' };
    return true;
  }

  /** The process id of a running job, for diagnostics. */
  pidOf(id: string): number | undefined {
    return this.live.get(id)?.child.pid;
  }

  list(): JobRecord[] {
    return [...[...this.live.values()].map((j) => j.record), ...this.ended];
  }

  /** Resolves with the final record of a job (for the CLI and tests). */
  wait(id: string): Promise<JobRecord> {
    const done = this.ended.find((r) => r.id === id);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      const listener = (record: JobRecord) => {
        if (record.id === id && record.state !== 'running') {
          this.off('update', listener);
          resolve(record);
        }
      };
      this.on('update', listener);
    });
  }

  /**
   * Cancels every running job and resolves once all their processes have exited (app shutdown): each gets the
   * cooperative cancel, so it removes its temp outputs, and is killed after the grace period if it does not stop.
   */
  async stopAll(): Promise<void> {
    const exits = [...this.live.values()].map(({ child }) =>
      child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve())),
    );
    for (const id of this.live.keys()) this.cancel(id);
    await Promise.all(exits);
  }

  private onMessage(job: Live, message: FromJob): void {
    if (message.type === 'progress') {
      job.record = { ...job.record, progress: message.progress };
      this.emitProgress(job, message.progress);
      return;
    }
    // A cancel requested by the user wins over a success that raced it only if the job itself says so.
    job.outcome = message;
  }

  private emitProgress(job: Live, progress: JobProgress): void {
    const now = Date.now();
    if (now - job.lastEmit < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
    job.lastEmit = now;
    this.emit('update', job.record);
  }

  private onExit(job: Live, code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(job.killTimer);
    this.live.delete(job.record.id);
    const endedAt = new Date().toISOString();
    const { id, kind, title, startedAt, progress } = job.record;
    const base = { id, kind, title, startedAt, progress, endedAt };
    const outcome = job.outcome;
    let record: JobRecord;
    if (outcome?.type === 'succeeded') record = { ...base, state: 'succeeded', outputs: outcome.outputs, peakMemoryMb: outcome.peakMemoryMb };
    else if (outcome?.type === 'cancelled') record = { ...base, state: 'cancelled' };
    else if (outcome?.type === 'failed') record = { ...base, state: 'failed', reason: outcome.reason };
    else record = { ...base, state: 'failed', reason: `The job process crashed (${signal ? `signal ${signal}` : `exit code ${code}`}).` };
    this.ended.unshift(record);
    this.emit('update', record);
  }
}
