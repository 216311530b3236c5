/**
 * Whether the process that trains a run is still alive. run.json says "training" from the start of a run to its end;
 * a process that is killed (a crash, the app closed, the machine restarted) cannot say it stopped, so its run.json
 * says "training" for good. The app shows such a run as interrupted, and offers to resume it.
 *
 * The worker is recorded by process id, host and boot time: a process id is only meaningful on its own machine and
 * since its last boot (after a restart the same number names some other process, or none).
 */
import { hostname, uptime } from 'node:os';
import type { RunFile, RunStatus, RunWorker } from '../../shared/contract/training';

export const INTERRUPTED_REASON = 'interrupted: the training process ended without finishing (a crash, or the app was closed); resume continues from the last checkpoint';

/** Boot times computed at different moments differ by clock adjustments; two boots are rarely this close. */
const SAME_BOOT_MS = 5 * 60_000;

function bootedAt(): number {
  return Date.now() - uptime() * 1000;
}

/** This process, as the worker of a run. */
export function currentWorker(): RunWorker {
  return { pid: process.pid, host: hostname(), bootedAt: bootedAt() };
}

/**
 * false when the worker certainly ended; true when it runs, or when this machine cannot tell (another host's process,
 * e.g. a workspace on a shared disk): such a run is left as it says, rather than offered to a second trainer.
 */
export function workerAlive(worker: RunWorker | null): boolean {
  if (!worker) return false; // written by a version that did not record its worker: no live process can own it
  if (worker.host !== hostname()) return true;
  if (Math.abs(worker.bootedAt - bootedAt()) > SAME_BOOT_MS) return false;
  if (worker.pid === process.pid) return true;
  try {
    process.kill(worker.pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The run as the app shows it: a run that says training but whose process is gone is interrupted. */
export function runAsSeen(run: RunFile, alive: (worker: RunWorker | null) => boolean = workerAlive): RunStatus {
  if (run.state !== 'training' || alive(run.worker)) return run;
  const { worker: _worker, ...rest } = run;
  return { ...rest, state: 'interrupted', reason: INTERRUPTED_REASON };
}
