// The lcz command as a user's shell runs it: a separate process of bin/lcz.mjs, its output captured.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
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
}

/** A function running `lcz <args>` with these options, synchronously. */
export function lczCli(options: LczCliOptions = {}): (...args: string[]) => SpawnSyncReturns<string> {
  const env = options.workspace ? { ...process.env, LCZ_WORKSPACE: options.workspace } : process.env;
  return (...args) =>
    spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'lcz.mjs'), ...args], {
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
      cwd: options.cwd ?? REPO_ROOT,
      env,
      ...(options.input === undefined ? {} : { input: options.input }),
    });
}
