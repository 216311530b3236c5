/**
 * Entry of a job's child process: runs one job, reports progress to the parent, stops when asked.
 * Whatever happens here (even a crash) cannot take the app down: the parent only sees messages or an exit.
 */
import { UserError } from '../../shared/errors';
import { JobCancelled } from './job-context';
import { runJob } from './kinds';
import type { FromJob, ToJob } from './protocol';

const controller = new AbortController();
let started = false;

/** How long a job whose parent has gone may take to stop by itself before it exits anyway. */
const ORPHAN_GRACE_MS = 30_000;

// The parent went away (the app quit or crashed, the CLI was killed): stop as a cancel does, so the job's own
// cleanup of its temp outputs runs, instead of working on unseen and writing into the workspace.
process.on('disconnect', () => {
  if (!started) process.exit(0);
  controller.abort();
  // A step that never checks the signal must not keep an orphan alive for long.
  setTimeout(() => process.exit(1), ORPHAN_GRACE_MS).unref();
});
// Ctrl-C in a terminal reaches the whole process group: the parent decides (it cancels this job, or it dies and
// 'disconnect' above cancels it). Dying here at once would skip the cleanup. SIGTERM is a request to stop: a cancel.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => controller.abort());
// stderr is a pipe to the parent (job-manager.ts keeps its end to explain a crash): once the parent is gone, a write
// fails with EPIPE, which must not end this job before its cleanup.
process.stderr.on('error', () => undefined);

function send(message: FromJob): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

function reasonOf(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof Error) return `Internal error: ${error.message}`;
  return `Internal error: ${String(error)}`;
}

process.on('message', (message: ToJob) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  started = true;
  void (async () => {
    let outcome: FromJob;
    try {
      const outputs = await runJob(message.request, {
        signal: controller.signal,
        progress: (progress) => void send({ type: 'progress', progress }),
      });
      // maxRSS is in kilobytes (on every platform Node runs on).
      const peakMemoryMb = process.resourceUsage().maxRSS / 1024;
      outcome = controller.signal.aborted ? { type: 'cancelled' } : { type: 'succeeded', outputs, peakMemoryMb };
    } catch (error) {
      outcome = controller.signal.aborted || error instanceof JobCancelled ? { type: 'cancelled' } : { type: 'failed', reason: reasonOf(error) };
    }
    await send(outcome);
    if (process.connected) process.disconnect();
    process.exit(0);
  })();
});
