import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serveBrowserMode } from '../../src/main/server';
import { assertAlive, openFdsUnder, rawExchange, rawRequest, settle, socketCall, suiteServer, type ServerProcess } from '../fuzz/harness';
import { OP, RawWebSocket, frame } from '../fuzz/raw-websocket';
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
      // The output's folder must exist: an export does not make it (it checks it before the work).
      mkdirSync(join(workspace, 'out'));
      const output = join(workspace, 'out', 'product.tif');
      const jobs = server.core.jobs;
      const id = jobs.start({ kind: 'export-map', params: { input, output, overviewResampling: 'mode' } });
      const pid = jobs.pidOf(id)!;
      // Under way, or ended (then the state check below says how, rather than this waiting for ever).
      await new Promise<void>((resolve) => jobs.on('update', (r) => r.id === id && (r.progress || r.state !== 'running') && resolve()));
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

/** Issue 8. The server runs in a process of its own here, so that a crash is seen (as that process ending). */
describe('browser mode in a process of its own', () => {
  const running = suiteServer();

  /** What ended the server process (findings 1 and 2), now each a request it answers. */
  describe('a hostile client cannot end browser mode', () => {
    it('answers a request target that URL cannot parse as a base-relative, without the token (finding 1)', async () => {
      const server = running();
      // "//a:99999" is a path (an empty segment, then "a:99999"), though `new URL(it, base)` reads a host with a bad port.
      const reply = await rawExchange(server.port, rawRequest({ target: '//a:99999', host: server.host }));
      await assertAlive(server);
      expect(reply.status).toBe(403);
      expect((await rawExchange(server.port, rawRequest({ target: `//a:99999?token=${server.token}`, host: server.host }))).status).toBe(404);
      for (const target of ['*', 'http://x/', '%']) expect((await rawExchange(server.port, rawRequest({ target, host: server.host }))).status, target).toBe(400);
    });

    it('takes a token cookie that does not decode for no token: 403 (finding 1)', async () => {
      const server = running();
      const reply = await rawExchange(server.port, rawRequest({ target: '/', host: server.host, headers: [['Cookie', 'lcz_token=%']] }));
      await assertAlive(server);
      expect(reply.status).toBe(403);
    });

    it('answers a socket message that is JSON but not an object with an error (finding 2)', async () => {
      const server = running();
      for (const message of ['null', '1', '"x"', '[]']) {
        const reply = await socketCall(server, message, true).catch((error: unknown) => error);
        await assertAlive(server);
        expect(reply, message).toMatchObject({ id: null, ok: false });
      }
      expect(await socketCall(server, { id: 7, key: 1 })).toMatchObject({ id: 7, ok: false });
    });

    it('closes a socket that breaks the protocol (unmasked frame) with 1002, and lives on (finding 2)', async () => {
      const server = running();
      const socket = await RawWebSocket.open(server);
      socket.send(frame({ opcode: OP.text, payload: Buffer.from('{}'), masked: false }));
      expect((await socket.closeCode()).code).toBe(1002);
      socket.destroy();
      await assertAlive(server);
    });
  });

  /** Issue 8, finding 8: a page on another name that resolves to 127.0.0.1 (DNS rebinding) or on another local port. */
  describe('browser mode answers only to its own name and origin', () => {
    const upgrade = (server: ServerProcess, host: string, headers: [string, string][] = []) =>
      rawRequest({
        target: `/ws?token=${server.token}`,
        host,
        headers: [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ['Sec-WebSocket-Version', '13'], ...headers],
      });

    it('refuses a request with the token under any other Host (421)', async () => {
      const server = running();
      for (const host of [`evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1', `127.0.0.1.nip.io:${server.port}`]) {
        expect((await rawExchange(server.port, rawRequest({ target: `/?token=${server.token}`, host }))).status, host).toBe(421);
        expect((await rawExchange(server.port, upgrade(server, host))).status, `upgrade, ${host}`).toBe(421);
        const upload = rawRequest({ method: 'POST', target: `/api/upload?token=${server.token}&name=a.tif`, host, body: 'x' });
        expect((await rawExchange(server.port, upload)).status, `upload, ${host}`).toBe(421);
      }
      // Node itself refuses an HTTP/1.1 request without Host (400); HTTP/1.0 may leave it out, and is refused here.
      expect((await rawExchange(server.port, rawRequest({ target: `/?token=${server.token}`, host: null }))).status, 'no Host').toBe(400);
      expect((await rawExchange(server.port, `GET /?token=${server.token} HTTP/1.0\r\n\r\n`)).status, 'HTTP/1.0, no Host').toBe(421);
      expect((await rawExchange(server.port, rawRequest({ target: `/?token=${server.token}`, host: `localhost:${server.port}` }))).status).toBe(200);
    });

    it('opens a socket from either of its own origins only', async () => {
      const server = running();
      for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`])
        expect((await rawExchange(server.port, upgrade(server, server.host, [['Origin', origin]]))).status, origin).toBe(101);
      for (const origin of [`http://127.0.0.1:${server.port + 1}`, 'http://evil.example', 'null', `https://127.0.0.1:${server.port}`])
        expect((await rawExchange(server.port, upgrade(server, server.host, [['Origin', origin]]))).status, origin).toBe(403);
      const upload = rawRequest({ method: 'POST', target: `/api/upload?token=${server.token}&name=a.tif`, host: server.host, headers: [['Origin', `http://localhost:${server.port + 1}`]], body: 'x' });
      expect((await rawExchange(server.port, upload)).status).toBe(403);
    });
  });

});

/** Issue 8, finding 6: a client that goes away mid-upload leaves neither a file nor a descriptor. */
describe('an upload cut off by its client', () => {
  it('leaves no temporary file and no open descriptor, however early it was cut', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'lcz-server-cut-'));
    process.env.LCZ_WORKSPACE = workspace;
    const server = await serveBrowserMode({ maxUploadBytes: CAP });
    const imports = join(workspace, 'imports');
    try {
      const { host, port } = new URL(server.url);
      const fdsBefore = readdirSync('/proc/self/fd').length;
      const head = (framing: string) => `POST /api/upload?token=${server.token}&name=cut.tif HTTP/1.1\r\nHost: ${host}\r\n${framing}\r\n\r\n`;
      const claimed = head(`Content-Length: ${CAP}`);
      const part = claimed + 'x'.repeat(CAP / 4);
      // Each claims more than it sends. Cut early, the connection is gone before the upload's folder is made (most
      // often, not always: so several of each); a body the parser refuses (a bad chunk size) always ends it then.
      const cuts: [string, string, 'end' | 'destroy'][] = [
        ['headers, then FIN', claimed, 'end'],
        ['part of the body, then FIN', part, 'end'],
        ['headers, then close', claimed, 'destroy'],
        ['part of the body, then close', part, 'destroy'],
        ['a bad chunk size', `${head('Transfer-Encoding: chunked')}zz\r\n`, 'end'],
      ];
      const clients: Socket[] = [];
      for (let i = 0; i < 8; i++) {
        for (const [, bytes, how] of cuts) {
          // Read (and drop) what the server says, so that its hanging up closes this end too.
          const socket = connect(Number(port), '127.0.0.1').on('error', () => undefined).resume();
          clients.push(socket);
          await new Promise((resolve) => socket.once('connect', resolve));
          if (how === 'end') socket.end(bytes);
          else socket.write(bytes, () => socket.destroy());
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      // And once mid-way, while the body streams into its file.
      const late = connect(Number(port), '127.0.0.1').on('error', () => undefined);
      late.write(part);
      await settle(() => (readdirSync(imports).length > 0 ? [] : ['no upload folder yet']));
      late.destroy();
      const left = await settle(() => [...readdirSync(imports, { recursive: true }).map(String), ...openFdsUnder('self', workspace)]);
      expect(left).toEqual([]);
      // Our own ends of the connections are closed by now (or here): what is left open would be the server's.
      for (const client of clients) client.destroy();
      expect(await settle(() => (readdirSync('/proc/self/fd').length <= fdsBefore ? [] : [`${readdirSync('/proc/self/fd').length} descriptors open, ${fdsBefore} before`]))).toEqual([]);
    } finally {
      await server.close();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
