import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serveBrowserMode } from '../../src/main/server';
import { writeLargeLczMap } from '../helpers/large-lcz-map';

/** The upload cap of the server under test: small, so going past it takes a few chunks. */
const CAP = 64 * 1024;

type Server = Awaited<ReturnType<typeof serveBrowserMode>>;

function call(url: string, key: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, key, input })));
    ws.on('message', (data) => {
      resolve(JSON.parse(String(data)));
      ws.close();
    });
  });
}

describe('browser-mode server', () => {
  let server: Server;
  let workspace: string;
  let base: string;

  beforeAll(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'lcz-server-'));
    process.env.LCZ_WORKSPACE = workspace;
    server = await serveBrowserMode({ maxUploadBytes: CAP });
    base = new URL(server.url).origin;
  });
  afterAll(async () => {
    await server.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });

  it('refuses HTTP requests without the token, and serves with it under a strict CSP', async () => {
    expect((await fetch(`${base}/`)).status).toBe(403);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(403);
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses sockets without the token', async () => {
    await expect(call(`ws://${new URL(server.url).host}/ws`, 'app/info', {})).rejects.toThrow(/403/);
  });

  it('binds the contract over the socket and validates every input', async () => {
    const ws = `ws://${new URL(server.url).host}/ws?token=${server.token}`;
    const info = await call(ws, 'app/info', {});
    expect(info.ok).toBe(true);
    expect(info.value).toMatchObject({ face: 'browser', nativeDialogs: false });
    const unknownKey = await call(ws, 'maps/delete-everything', {});
    expect(unknownKey.error?.message).toMatch(/Unknown request/);
    const extra = await call(ws, 'maps/open', { path: '/x.tif', evil: true });
    expect(extra.error?.message).toMatch(/Invalid request "maps\/open"/);
    const missing = await call(ws, 'maps/open', { path: '/nowhere/lcz.tif' });
    expect(missing.error?.message).toContain('/nowhere/lcz.tif');
  });

  it('stores an upload in the workspace imports and refuses it without the token', async () => {
    expect((await fetch(`${base}/api/upload?name=a.tif`, { method: 'POST', body: 'x' })).status).toBe(403);
    const reply = await fetch(`${base}/api/upload?token=${server.token}&name=../../evil.tif`, { method: 'POST', body: 'hello' });
    const { path } = (await reply.json()) as { path: string };
    expect(path.startsWith(join(workspace, 'imports'))).toBe(true);
    expect(path).not.toContain('..');
  });

  /** The upload folders in the workspace and what each holds. */
  function importFolders(): Map<string, string[]> {
    const imports = join(workspace, 'imports');
    if (!existsSync(imports)) return new Map();
    return new Map(readdirSync(imports).map((d) => [d, readdirSync(join(imports, d))]));
  }

  it('refuses an upload whose Content-Length is over the cap, before making any folder', async () => {
    const before = importFolders().size;
    const reply = await fetch(`${base}/api/upload?token=${server.token}&name=declared.tif`, { method: 'POST', body: new Uint8Array(CAP + 1) });
    expect(reply.status).toBe(400);
    expect(((await reply.json()) as { error: string }).error).toMatch(/^declared\.tif: is larger than 65536 bytes/);
    expect(importFolders().size).toBe(before);
  });

  it('counts the bytes of a chunked upload (no Content-Length) as they come, and stops it past the cap', async () => {
    const before = new Set(importFolders().keys());
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${base}/api/upload?token=${server.token}&name=chunked.tif`);
      const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      // Four times the cap, a chunk at a time; the server may close the connection before the last ones.
      let sent = 0;
      const next = (): void => {
        if (sent >= 4 * CAP || req.destroyed) return void req.end();
        sent += 16 * 1024;
        req.write(Buffer.alloc(16 * 1024, 7), () => setImmediate(next));
      };
      next();
    });
    expect(reply.status).toBe(400);
    expect((JSON.parse(reply.body) as { error: string }).error).toMatch(/^chunked\.tif: is larger than 65536 bytes/);
    for (const [folder, files] of importFolders()) expect(before.has(folder), `upload folder ${folder} holds ${files.join(', ') || 'nothing'}`).toBe(true);
  });

  it('leaves no folder behind when an upload is cut off half way', async () => {
    const before = new Set(importFolders().keys());
    const url = new URL(`${base}/api/upload?token=${server.token}&name=cut.tif`);
    const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(8 * 1024, 1));
    const appeared = () => [...importFolders().keys()].some((f) => !before.has(f));
    // The upload's folder exists while the body streams in: wait for it, so the cut happens mid-upload.
    for (let i = 0; i < 100 && !appeared(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(appeared(), 'the upload started').toBe(true);
    req.destroy();
    for (let i = 0; i < 100 && appeared(); i++) await new Promise((r) => setTimeout(r, 50));
    expect([...importFolders()].filter(([f]) => !before.has(f))).toEqual([]);
  });
});

describe('closing browser mode', () => {
  it('cancels the jobs still running and waits for their processes to exit', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'lcz-server-close-'));
    process.env.LCZ_WORKSPACE = workspace;
    try {
      const server = await serveBrowserMode({});
      const input = join(workspace, 'large.tif');
      await writeLargeLczMap(input, 5000);
      const output = join(workspace, 'out', 'product.tif');
      const jobs = server.core.jobs;
      const id = jobs.start({ kind: 'export-map', params: { input, output, overviewResampling: 'mode' } });
      const pid = jobs.pidOf(id)!;
      await new Promise<void>((resolve) => jobs.on('update', (r) => r.id === id && r.progress && resolve()));
      await server.close();
      let running: boolean;
      try {
        running = !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
      } catch {
        running = false;
      }
      expect(running, 'the job process has exited when close() resolves').toBe(false);
      expect(jobs.list().find((r) => r.id === id)?.state).toBe('cancelled');
      expect(existsSync(output)).toBe(false);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
