/**
 * Small real disks for tests: a tmpfs of a few kilobytes mounted on a folder fills up for real (ENOSPC), and a mount
 * point cannot be renamed (EBUSY). Mounting needs root, as on CI; elsewhere the tests that need it skip, saying why.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missing } from './missing';

/** Mounts a tmpfs of `size` (e.g. '150k') on `dir`, creating the folder. */
export function mountTmpfs(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'ignore' });
}

function cannotMount(): string | null {
  const probe = mkdtempSync(join(tmpdir(), 'lcz-mount-probe-'));
  try {
    mountTmpfs(probe, '64k');
    unmount(probe);
    return null;
  } catch {
    return 'cannot mount a small tmpfs (that needs root, and mount(8))';
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Why small disks cannot be made here, or null (printed; thrown under LCZ_REQUIRE_ALL: ./missing.ts). */
export const tmpfsMissing: string | null = missing(cannotMount());
