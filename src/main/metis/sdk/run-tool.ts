/**
 * Runs one of the SDK's command-line tools with a time limit and the SDK's environment, and returns what it printed
 * whatever its exit status (the callers parse failures as well as successes). A tool that hangs (a wedged card makes
 * axdevice wait: "Device communication timed out") is killed at the limit and reported as such.
 */
import { execFile } from 'node:child_process';

export interface ToolResult {
  /** Exit status; null when it was killed (timeout, cancel) or could not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Why it could not start (ENOENT, EACCES), or null. */
  startError: string | null;
}

export interface ToolOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  /** Called with each chunk of output as it comes (for a job's log). */
  onOutput?: (text: string) => void;
}

export function runTool(command: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      [...args],
      { timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL', env: options.env ?? process.env, cwd: options.cwd, signal: options.signal, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        const startError = e && typeof e.code === 'string' && e.code !== 'ABORT_ERR' ? `${e.code}: ${e.message}` : null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          stdout,
          stderr,
          timedOut: Boolean(e?.killed) && !options.signal?.aborted,
          startError,
        });
      },
    );
    if (options.onOutput) {
      child.stdout?.on('data', (d: string) => options.onOutput!(d));
      child.stderr?.on('data', (d: string) => options.onOutput!(d));
    }
  });
}

/** A failed run in one line: the last line of stderr, the timeout, or why it did not start. */
export function failureText(command: string, r: ToolResult, timeoutMs: number): string {
  if (r.startError) return `${command} could not start (${r.startError})`;
  if (r.timedOut) return `${command} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  const last = (r.stderr.trim() || r.stdout.trim()).split('\n').at(-1) ?? '';
  return `${command} exited with status ${r.code}${last ? `: ${last}` : ''}`;
}
