import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  isJobEnded,
  jobRequestSchema,
  type EndedJobRecord,
  type JobProgress,
  type JobRecord,
  type JobRequest,
  type JobRequestInput,
  type QueuedJobRecord,
  type RunningJobRecord,
} from '../../shared/contract';
import { parseOrExplain } from '../../shared/errors';
import { builtChildEntry } from '../paths';
import { crashReason, StreamTail } from './crash-reason';
import { defaultHeavyJobLimit, HEAVY_KINDS } from './job-limits';
import { jobTarget } from './kinds/targets';
import { jobTitle } from './kinds/titles';
import type { FromJob, ToJob } from './protocol';

/** After a cancel, how long a job may take to stop by itself before it is killed. */
const CANCEL_GRACE_MS = 5_000;
/** Progress reaches the faces at most this often per job. */
const PROGRESS_INTERVAL_MS = 100;

interface Live {
  child: ChildProcess;
  record: RunningJobRecord;
  /** Counts against the heavy limit (job-limits.ts). */
  heavy: boolean;
  lastEmit: number;
  /** The end of the process's stderr, to say why it crashed. */
  stderr: StreamTail;
  outcome?: FromJob;
  killTimer?: NodeJS.Timeout;
}

function runnerEntry(): { path: string; execArgv: string[] } {
  const built = builtChildEntry('job-runner');
  if (built) return { path: built, execArgv: [] };
  // tsx by its resolved URL: a bare "--import tsx" would be looked up from the current folder, not the app's.
  return { path: fileURLToPath(new URL('./runner.ts', import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')] };
}

/** A heavy job waiting for a slot: no process yet. */
interface Waiting {
  request: JobRequest;
  record: QueuedJobRecord;
}

export interface JobManagerOptions {
  /** Heavy jobs (job-limits.ts) that may run at once; the others wait, queued, in order. Default: from the machine. */
  heavyLimit?: number;
}

/**
 * Runs every job in its own child process, so a crash or a runaway job never takes the app down, and its record
 * says why (crash-reason.ts). Heavy jobs beyond the limit wait in a queue, visible as 'queued' records with their
 * place, and start in order as slots free. Every record carries what its job makes (kinds/targets.ts).
 * Emits 'update' with the job's record on every change of state, of place in the queue and (throttled) progress.
 */
export class JobManager extends EventEmitter<{ update: [JobRecord] }> {
  private readonly live = new Map<string, Live>();
  private readonly queue: Waiting[] = [];
  private readonly ended: EndedJobRecord[] = [];
  readonly heavyLimit: number;

  constructor(options: JobManagerOptions = {}) {
    super();
    this.heavyLimit = options.heavyLimit ?? defaultHeavyJobLimit();
    if (!Number.isInteger(this.heavyLimit) || this.heavyLimit < 1) throw new RangeError(`heavyLimit must be a whole number from 1, not ${this.heavyLimit}`);
  }

  start(input: JobRequestInput): string {
    // Every start is checked against the contract, whoever asks (the core has already, the CLI and scripts not).
    const request = parseOrExplain(jobRequestSchema, input, `Invalid ${input.kind} job`);
    const base = { id: randomUUID(), kind: request.kind, title: jobTitle(request), target: jobTarget(request), startedAt: new Date().toISOString(), progress: null };
    // Behind the queue, not beside it: a heavy job never overtakes those already waiting.
    if (HEAVY_KINDS[request.kind] && (this.queue.length > 0 || this.heavyRunning() >= this.heavyLimit)) {
      const record: QueuedJobRecord = { ...base, state: 'queued', position: this.queue.length + 1 };
      this.queue.push({ request, record });
      this.emit('update', record);
    } else {
      this.launch(request, { ...base, state: 'running' });
    }
    return base.id;
  }

  cancel(id: string): boolean {
    const waiting = this.queue.findIndex((w) => w.record.id === id);
    if (waiting >= 0) {
      // Never started: it ends here, without a process.
      const [{ record }] = this.queue.splice(waiting, 1) as [Waiting];
      const { position: _, ...rest } = record;
      this.end({ ...rest, state: 'cancelled', endedAt: new Date().toISOString() });
      this.renumber();
      return true;
    }
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
    return [...[...this.live.values()].map((j) => j.record), ...this.queue.map((w) => w.record), ...this.ended];
  }

  /** Resolves with the final record of a job (for the CLI and tests). */
  wait(id: string): Promise<EndedJobRecord> {
    const done = this.ended.find((r) => r.id === id);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      const listener = (record: JobRecord) => {
        if (record.id === id && isJobEnded(record)) {
          this.off('update', listener);
          resolve(record);
        }
      };
      this.on('update', listener);
    });
  }

  /**
   * Cancels every job and resolves once all of them have ended, their processes gone (app shutdown): queued jobs end at once
   * (first, so that none starts as the running ones stop); each running job gets the cooperative cancel, so it
   * removes its temp outputs, and is killed after the grace period if it does not stop.
   */
  async stopAll(): Promise<void> {
    for (const { record } of [...this.queue]) this.cancel(record.id);
    const ends = [...this.live.keys()].map((id) => this.wait(id));
    for (const id of this.live.keys()) this.cancel(id);
    await Promise.all(ends);
  }

  private heavyRunning(): number {
    let n = 0;
    for (const job of this.live.values()) if (job.heavy) n++;
    return n;
  }

  private launch(request: JobRequest, record: RunningJobRecord): void {
    const entry = runnerEntry();
    // stderr passes through to ours (the user's terminal, the app's log) and its end is kept, to quote in a crash's reason.
    const child = fork(entry.path, [], { execArgv: entry.execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    const job: Live = { child, record, heavy: HEAVY_KINDS[request.kind], lastEmit: 0, stderr: new StreamTail() };
    this.live.set(record.id, job);
    child.stderr?.on('data', (chunk: Buffer) => {
      job.stderr.push(chunk);
      process.stderr.write(chunk);
    });
    child.on('message', (message: FromJob) => this.onMessage(job, message));
    // 'close', not 'exit': stderr has been read to its end by then (a crash's last words come last).
    child.on('close', (code, signal) => this.onExit(job, code, signal));
    child.on('error', (error) => {
      job.outcome ??= { type: 'failed', reason: `The job process could not run: ${error.message}` };
    });
    // A process that dies before it reads this fails the send: its exit says why, not the broken pipe.
    child.send({ type: 'start', request } satisfies ToJob, () => undefined);
    this.emit('update', record);
  }

  /** Starts queued jobs while heavy slots are free, in order, and tells the rest their new place. */
  private startWaiting(): void {
    while (this.queue.length > 0 && this.heavyRunning() < this.heavyLimit) {
      const { request, record } = this.queue.shift()!;
      const { position: _, ...rest } = record;
      this.launch(request, { ...rest, state: 'running' });
    }
    this.renumber();
  }

  private renumber(): void {
    this.queue.forEach((waiting, i) => {
      if (waiting.record.position === i + 1) return;
      waiting.record = { ...waiting.record, position: i + 1 };
      this.emit('update', waiting.record);
    });
  }

  private end(record: EndedJobRecord): void {
    this.ended.unshift(record);
    this.emit('update', record);
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
    const { id, kind, title, target, startedAt, progress } = job.record;
    const base = { id, kind, title, target, startedAt, progress, endedAt };
    const outcome = job.outcome;
    let record: EndedJobRecord;
    if (outcome?.type === 'succeeded') record = { ...base, state: 'succeeded', outputs: outcome.outputs, peakMemoryMb: outcome.peakMemoryMb };
    else if (outcome?.type === 'cancelled') record = { ...base, state: 'cancelled' };
    else if (outcome?.type === 'failed') record = { ...base, state: 'failed', reason: outcome.reason };
    else record = { ...base, state: 'failed', reason: crashReason({ code, signal, stderr: job.stderr.text(), heapFull: job.stderr.heapFull }) };
    this.end(record);
    this.startWaiting();
  }
}
