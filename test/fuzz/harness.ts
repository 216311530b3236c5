/**
 * The fuzz and fault suite's shared pieces: browser mode in a process of its own on a throw-away workspace, raw
 * bytes over TCP, the server-still-answers check and the workspace scan. Everything stays on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, type Dirent } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import WebSocket from 'ws';
import { mulberry32 } from '../../src/main/synthetic/noise';
import { REPO_ROOT } from '../helpers/lcz-cli';

export interface ServerProcess {
  url: string;
  token: string;
  port: number;
  /** The Host header the server answers to. */
  host: string;
  workspace: string;
  pid: number;
  /** Why the process ended (with the end of its stderr), or undefined while it runs. */
  ended(): string | undefined;
  /** Stops the process and deletes its workspace. */
  stop(): Promise<void>;
}

/** Starts `test/fuzz/server-process.ts` on a fresh workspace and waits for the address it prints. */
export async function startServerProcess(options: { maxUploadBytes?: number } = {}): Promise<ServerProcess> {
  const workspace = mkdtempSync(join(tmpdir(), 'lcz-fuzz-'));
  const env = { ...process.env, LCZ_WORKSPACE: workspace, ...(options.maxUploadBytes ? { LCZ_TEST_MAX_UPLOAD: String(options.maxUploadBytes) } : {}) };
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'fuzz', 'server-process.ts')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let ended: string | undefined;
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = `exit code ${code}, signal ${signal}; stderr:\n${stderr}`;
      resolve();
    }),
  );
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    void exited.then(() => reject(new Error(`the server process did not start: ${ended}`)));
  });
  const { url, token } = JSON.parse(first) as { url: string; token: string };
  const { port, host } = new URL(url);
  return {
    url,
    token,
    port: Number(port),
    host,
    workspace,
    pid: child.pid!,
    ended: () => ended,
    stop: async () => {
      if (!ended) {
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(killer);
      }
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/**
 * One server process for the enclosing describe block, started afresh before a test when the previous one left it
 * dead, deaf or with a dirty workspace, so that each test fails for its own reason. Call it at the top of a describe.
 */
export function suiteServer(options: { maxUploadBytes?: number } = {}): () => ServerProcess {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServerProcess(options);
  });
  beforeEach(async () => {
    if (!server) return;
    const healthy = await assertAlive(server).then(
      () => halfWritten(server!.workspace).length === 0,
      () => false,
    );
    if (healthy) return;
    await server.stop();
    server = await startServerProcess(options);
  });
  afterAll(() => server?.stop());
  return () => {
    if (!server) throw new Error('the suite server has not started');
    return server;
  };
}

/** The seed of this run's pseudo-random cases: LCZ_FUZZ_SEED replays a run, and every run prints the one it used. */
export function fuzzSeed(suite: string): number {
  const seed = process.env.LCZ_FUZZ_SEED ? Number(process.env.LCZ_FUZZ_SEED) : randomInt(2 ** 31);
  console.log(`${suite}: fuzz seed ${seed} (replay with LCZ_FUZZ_SEED=${seed})`);
  return seed;
}

/** Seeded choices over the project's mulberry32: the same seed gives the same cases on every machine. */
export function seededRandom(seed: number): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T; bytes(n: number): Buffer } {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, bytes: (n) => Buffer.from(Array.from({ length: n }, () => int(256))) };
}

export interface RawReply {
  /** Everything the server sent. */
  text: string;
  /** The status of the first response line, when one came. */
  status: number | undefined;
}

/**
 * Sends bytes on a fresh TCP connection and collects the reply until the server hangs up (or switches protocols).
 * `halfClose` then tells the server nothing more comes, for bytes that are no complete request. A connection the
 * server neither answers nor closes ends the exchange with what came, after `boundMs`.
 */
export function rawExchange(port: number, data: Buffer | string, options: { halfClose?: boolean; boundMs?: number } = {}): Promise<RawReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const reply = (): RawReply => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      return { text, status: status ? Number(status) : undefined };
    };
    const done = (): void => {
      clearTimeout(bound);
      socket.destroy();
      resolve(reply());
    };
    const bound = setTimeout(done, options.boundMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const { text, status } = reply();
      if (status === 101 && text.includes('\r\n\r\n')) done();
    });
    socket.on('error', done).on('close', done);
    if (options.halfClose) socket.end(data);
    else socket.write(data);
  });
}

/** One HTTP/1.1 request as raw text, asking the server to close after it; `host: null` leaves the Host header out. */
export function rawRequest(options: { method?: string; target: string; host: string | null; headers?: [string, string][]; body?: string }): string {
  const headers: [string, string][] = [...(options.host === null ? [] : [['Host', options.host] as [string, string]]), ...(options.headers ?? [])];
  if (!headers.some(([name]) => name.toLowerCase() === 'connection')) headers.push(['Connection', 'close']);
  if (options.body !== undefined) headers.push(['Content-Length', String(Buffer.byteLength(options.body))]);
  return `${options.method ?? 'GET'} ${options.target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${options.body ?? ''}`;
}

/** One request over a fresh WebSocket with the token; the first reply, parsed. */
export function socketCall(server: ServerProcess, message: unknown, raw = false): Promise<{ id: unknown; ok: boolean; value?: unknown; error?: { message: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${server.host}/ws?token=${server.token}`);
    const bound = setTimeout(() => {
      ws.terminate();
      reject(new Error('no reply on the socket within 10 s'));
    }, 10_000);
    ws.on('error', (error) => {
      clearTimeout(bound);
      reject(error);
    });
    ws.on('close', () => {
      clearTimeout(bound);
      reject(new Error('the socket closed without a reply'));
    });
    ws.on('open', () => ws.send(raw ? (message as string) : JSON.stringify(message)));
    ws.on('message', (data) => {
      clearTimeout(bound);
      resolve(JSON.parse(String(data)));
      ws.close();
    });
  });
}

/** The server still works: its process runs, the contract answers on a fresh socket, the page loads with the token. */
export async function assertAlive(server: ServerProcess): Promise<void> {
  try {
    if (server.ended()) throw new Error('not running');
    const info = await socketCall(server, { id: 1, key: 'app/info', input: {} });
    if (!info.ok) throw new Error(`app/info failed: ${JSON.stringify(info)}`);
    const page = await fetch(server.url);
    if (page.status !== 200) throw new Error(`GET / with the token answered ${page.status}`);
  } catch (error) {
    // A refused connection is usually the process dying: give its exit a moment to arrive, so the report says why.
    await settle(() => (server.ended() ? [] : ['running']), 20);
    throw new Error(`the server does not answer (${error instanceof Error ? error.message : String(error)}); process: ${server.ended() ?? 'running'}`, { cause: error });
  }
}

/** A folder's entries; none when it went away meanwhile (the server removes a failed upload's folder as we look). */
export function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** What must never stay in a workspace: temp files, and upload folders without their finished file. */
export function halfWritten(workspace: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of entriesOf(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.tmp')) found.push(path);
    }
  };
  walk(workspace);
  const imports = join(workspace, 'imports');
  for (const folder of entriesOf(imports)) if (entriesOf(join(imports, folder.name)).length === 0) found.push(`${join(imports, folder.name)} (empty)`);
  return found;
}

/** The descriptors of a process open on files under `dir`. */
export function openFdsUnder(pid: number | 'self', dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith(dir)) open.push(`fd ${fd} -> ${target}`);
    } catch {
      // closed between the listing and the look: not open any more
    }
  }
  return open;
}

/** Polls until `check` returns nothing (the server cleans up after a cut connection asynchronously), and returns what is left. */
export async function settle(check: () => string[], tries = 100): Promise<string[]> {
  let left = check();
  for (let i = 0; i < tries && left.length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = check();
  }
  return left;
}

/** After any case: the server answers, and nothing is half-written or left open in its workspace. */
export async function assertUnharmed(server: ServerProcess): Promise<void> {
  await assertAlive(server);
  await assertClean(server);
}

/** Nothing half-written in the workspace and no descriptor left open on it, once the server has had time to clean up. */
export async function assertClean(server: ServerProcess): Promise<void> {
  const left = await settle(() => [...halfWritten(server.workspace), ...(server.ended() ? [] : openFdsUnder(server.pid, server.workspace))]);
  if (left.length > 0) throw new Error(`left behind in the workspace:\n${left.join('\n')}`);
}
