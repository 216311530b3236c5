/**
 * Entry of a job's child process: runs one job, reports progress to the parent, stops when asked.
 * Whatever happens here (even a crash) cannot take the app down: the parent only sees messages or an exit.
 */
import { UserError } from '../../shared/errors';
import { JobCancelled } from './job-context';
import { runJob } from './kinds';
import type { FromJob, ToJob } from './protocol';

const controller = new AbortController();

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
    process.disconnect?.();
    process.exit(0);
  })();
});
