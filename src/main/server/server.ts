import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../shared/csp';
import type { Core } from '../api/core';
import { toWireError } from '../api/core';
import type { Workspace } from '../workspace/workspace';
import { TOKEN_COOKIE, isAuthorized, isSameOrigin, requestToken } from './auth';
import { receiveUpload } from './upload';

export interface ServerOptions {
  core: Core;
  workspace: Workspace;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** The largest file accepted by drag and drop (tests lower it). */
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Browser mode: the renderer over HTTP and the contract over a WebSocket, on 127.0.0.1 only,
 * with a random token required on every request and socket (as Jupyter does).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const assets = sirv(options.rendererDir, { dev: false, etag: true });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!isAuthorized(request, token)) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('LCZ Studio: this address needs the access token printed when the server started.\n');
      return;
    }
    const port = (server.address() as AddressInfo).port;
    response.setHeader('Content-Security-Policy', contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(requestToken(request) ?? '')}; HttpOnly; SameSite=Strict; Path=/`);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/api/upload' && request.method === 'POST') {
      if (!isSameOrigin(request)) return sendJson(response, 403, { error: 'Cross-origin upload refused.' });
      receiveUpload(request, options.workspace.importsDir, options.maxUploadBytes).then(
        (saved) => sendJson(response, 200, { path: saved }),
        (error: unknown) => {
          drainRefused(request);
          sendJson(response, 400, { error: toWireError(error).message });
        },
      );
      return;
    }
    assets(request, response, () => void response.writeHead(404).end('Not found'));
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== '/ws' || !isAuthorized(request, token) || !isSameOrigin(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => bindSocket(ws, options.core));
  });

  const forward = (record: unknown) => {
    const message = JSON.stringify({ event: 'jobs/update', payload: record });
    for (const client of sockets.clients) client.send(message);
  };
  options.core.jobs.on('update', forward);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    close: async () => {
      options.core.jobs.off('update', forward);
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** How long the rest of a refused upload is read (and dropped) before the connection is cut. */
const DRAIN_REFUSED_MS = 10_000;

/**
 * The rest of a refused upload's body is read and dropped so that the client hears why: closing a socket with data
 * still coming resets the connection, and the reply is lost with it. A client that goes on sending is cut off.
 */
function drainRefused(request: IncomingMessage): void {
  if (request.complete) return;
  const cutOff = setTimeout(() => request.socket.destroy(), DRAIN_REFUSED_MS);
  request.once('end', () => clearTimeout(cutOff)).once('close', () => clearTimeout(cutOff)).resume();
}

function bindSocket(ws: WebSocket, core: Core): void {
  ws.on('message', (data) => {
    let request: { id?: unknown; key?: unknown; input?: unknown };
    try {
      request = JSON.parse(String(data)) as typeof request;
    } catch {
      return ws.send(JSON.stringify({ id: null, ok: false, error: { message: 'Malformed request.' } }));
    }
    const id = request.id;
    core.handle(String(request.key), request.input).then(
      (value) => ws.send(JSON.stringify({ id, ok: true, value })),
      (error: unknown) => ws.send(JSON.stringify({ id, ok: false, error: toWireError(error) })),
    );
  });
}
