import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serveBrowserMode } from '../../src/main/server';

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
    server = await serveBrowserMode({});
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
});
