/**
 * Remembers a failed download of Electron's binary, so that every `npm start` on an offline machine does not wait
 * for the installer again: one try an hour, unless forced (`npm start -- --retry-electron`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const INSTALL_RETRY_MS = 60 * 60 * 1000;

export interface InstallFailure {
  /** Milliseconds since the epoch. */
  at: number;
  error: string;
}

export type InstallDecision = { attempt: true } | { attempt: false; message: string };

export function installDecision(last: InstallFailure | null, now: number, force: boolean): InstallDecision {
  if (force || !last || now - last.at >= INSTALL_RETRY_MS || now < last.at) return { attempt: true };
  const minutes = Math.max(1, Math.round((now - last.at) / 60_000));
  const retryIn = Math.max(1, Math.round((last.at + INSTALL_RETRY_MS - now) / 60_000));
  return {
    attempt: false,
    message:
      `Electron's binary could not be downloaded ${minutes} min ago (${last.error}), so this start does not wait for ` +
      `another try (the next is in ${retryIn} min). To try now: npm start -- --retry-electron.`,
  };
}

/**
 * The installer's error in one line: the first line of the error it printed (its stack follows), else how it ended.
 * `status` and `signal` are spawnSync's; `spawnError` is set when it could not run or timed out.
 */
export function installerError(stderr: string, status: number | null, signal: string | null, spawnError?: string): string {
  if (spawnError) return spawnError;
  const first = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '));
  if (first) return first;
  return signal ? `the installer was ended by ${signal}` : `the installer exited with code ${status}`;
}

export function readInstallFailure(file: string): InstallFailure | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<InstallFailure>;
    return typeof parsed.at === 'number' && typeof parsed.error === 'string' ? { at: parsed.at, error: parsed.error } : null;
  } catch {
    return null; // none recorded, or unreadable: try again
  }
}

export function recordInstallFailure(file: string, failure: InstallFailure): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(failure));
}

export function forgetInstallFailure(file: string): void {
  rmSync(file, { force: true });
}
