/**
 * Test support: the operations a workspace-writer.ts process performs, and running several such processes at once
 * on one workspace. Real processes, real files: the lost updates these tests look for happen between processes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SceneSettings } from '../../src/shared/contract';

export type WriterOp =
  | { kind: 'remember'; path: string }
  | { kind: 'save'; scene: string; settings: SceneSettings }
  | { kind: 'read-recent' }
  | { kind: 'read-scene'; scene: string };

export interface WriterJob {
  root: string;
  ops: WriterOp[];
  /** How many of the ops run at once inside the process. */
  concurrency: number;
}

export interface WriterOutcome {
  ok: number[];
  failed: { index: number; message: string }[];
  exitCode: number | null;
  stderr: string;
}

const WRITER = join(import.meta.dirname, 'workspace-writer.ts');

/** A band mapping that differs by `n`, so that what was saved can be told apart from what another writer saved. */
export function settingsNumbered(n: number): SceneSettings {
  return { sensor: 'sentinel-2', bands: ['S2.B2', 'S2.B3', 'S2.B4', null], scale: 1e-4 * (n + 1), offset: n };
}

/** One writer process: resolves `ready` once it waits for "go" (or ended early), `done` with what it reported. */
function startWriter(job: WriterJob): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<WriterOutcome> } {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), WRITER, JSON.stringify(job)]);
  const outcome: WriterOutcome = { ok: [], failed: [], exitCode: null, stderr: '' };
  child.stderr.setEncoding('utf8').on('data', (text: string) => (outcome.stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const read = (async () => {
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === 'ready') markReady();
      else if (line.trim()) {
        const report = JSON.parse(line) as { ok: number } | { failed: number; message: string };
        if ('ok' in report) outcome.ok.push(report.ok);
        else outcome.failed.push({ index: report.failed, message: report.message });
      }
    }
  })();
  const done = (async () => {
    await read;
    outcome.exitCode = await exited;
    return outcome;
  })();
  return { child, ready: Promise.race([ready, exited.then(() => undefined)]), done };
}

/** Starts one writer process per job, lets them all go at once, and resolves with what each reported. */
export async function runWriters(jobs: WriterJob[]): Promise<WriterOutcome[]> {
  const writers = jobs.map(startWriter);
  await Promise.all(writers.map((w) => w.ready));
  for (const { child } of writers) child.stdin.end('go\n');
  return Promise.all(writers.map((w) => w.done));
}
