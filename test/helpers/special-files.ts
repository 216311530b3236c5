/**
 * Paths that are not regular files, made for real (a FIFO with mkfifo, a listening Unix socket, a loop of symbolic
 * links) or borrowed from the system (/dev/zero, /dev/null), to give the app where it expects a file.
 */
import { execFileSync } from 'node:child_process';
import { constants, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpecialInput {
  /** What it is, for test names. */
  name: string;
  path: string;
  /** What the refusal must say about it. */
  problem: RegExp;
}

export interface SpecialFiles {
  dir: string;
  inputs: SpecialInput[];
  /** Makes a FIFO at `path` (e.g. a manifest.json inside a folder), removed with the rest. */
  fifo(path: string): string;
  /**
   * Lets every open() still blocked on one of our FIFOs return (a writer comes and goes at once), so a test that
   * failed because a reader hung does not leave the thread pool of the test process jammed for the next tests.
   */
  unjam(): void;
  remove(): Promise<void>;
}

export async function makeSpecialFiles(): Promise<SpecialFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-special-'));
  const fifos: string[] = [];
  const fifo = (path: string): string => {
    execFileSync('mkfifo', [path]);
    fifos.push(path);
    return path;
  };
  const folder = join(dir, 'folder.tif');
  mkdirSync(folder);
  const socketPath = join(dir, 'socket.tif');
  const socket: Server = createServer();
  await new Promise<void>((resolve, reject) => socket.once('error', reject).listen(socketPath, resolve));
  symlinkSync(join(dir, 'loop-b.tif'), join(dir, 'loop-a.tif'));
  symlinkSync(join(dir, 'loop-a.tif'), join(dir, 'loop-b.tif'));
  const pipe = fifo(join(dir, 'pipe.tif'));
  symlinkSync(pipe, join(dir, 'link-to-pipe.tif'));
  const inputs: SpecialInput[] = [
    { name: 'a FIFO', path: pipe, problem: /is a named pipe \(FIFO\)/ },
    { name: 'a symbolic link to a FIFO', path: join(dir, 'link-to-pipe.tif'), problem: /is a named pipe \(FIFO\)/ },
    { name: 'a folder', path: folder, problem: /is a folder/ },
    { name: '/dev/zero (endless zeros)', path: '/dev/zero', problem: /is a device/ },
    { name: '/dev/urandom (endless noise)', path: '/dev/urandom', problem: /is a device/ },
    { name: '/dev/null', path: '/dev/null', problem: /is a device/ },
    { name: 'a Unix socket', path: socketPath, problem: /is a socket/ },
    { name: 'a loop of symbolic links', path: join(dir, 'loop-a.tif'), problem: /symbolic links .*loop/ },
  ];
  const unjam = () => {
    for (const path of fifos) {
      try {
        // Non-blocking: fails at once (ENXIO) when no reader is waiting, which is fine.
        closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader blocked on this one
      }
    }
  };
  return {
    dir,
    inputs,
    fifo,
    unjam,
    remove: async () => {
      unjam();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `promise`, or a rejection saying what hung: a hang must fail the test, not stall the suite. */
export function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s (hung)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
