// The lcz command as a user's shell runs it: a separate process of bin/lcz.mjs, its output captured.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface LczCliOptions {
  /** Working folder (default: the repo's root). */
  cwd?: string;
  /** LCZ_WORKSPACE for the command (default: the environment's). */
  workspace?: string;
  timeoutMs?: number;
  /** Standard input; '' makes it a closed pipe, not a terminal, so that nothing prompts. */
  input?: string;
  /** Run as this user and group (needs root): e.g. an unprivileged user, for whom a folder can be unwritable. */
  user?: { uid: number; gid: number };
}

function spawnOptions(options: LczCliOptions) {
  const env = options.workspace ? { ...process.env, LCZ_WORKSPACE: options.workspace } : process.env;
  return { timeout: options.timeoutMs ?? 120_000, cwd: options.cwd ?? REPO_ROOT, env, ...(options.user ?? {}) };
}

const lczArgs = (args: string[]) => [join(REPO_ROOT, 'bin', 'lcz.mjs'), ...args];

/** A function running `lcz <args>` with these options, synchronously. */
export function lczCli(options: LczCliOptions = {}): (...args: string[]) => SpawnSyncReturns<string> {
  return (...args) =>
    spawnSync(process.execPath, lczArgs(args), {
      encoding: 'utf8',
      ...spawnOptions(options),
      ...(options.input === undefined ? {} : { input: options.input }),
    });
}

export interface LczRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `lcz <args>` started without waiting: for runs side by side, or one to interrupt. Standard input is closed (a
 * pipe, not a terminal: nothing prompts); `timeoutMs` kills a run that hangs, so a test fails instead of blocking.
 */
export function startLcz(options: LczCliOptions, ...args: string[]): { child: ChildProcess; done: Promise<LczRun> } {
  const child = spawn(process.execPath, lczArgs(args), { ...spawnOptions(options), killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<LczRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}
