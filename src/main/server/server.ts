import { randomBytes } from 'node:crypto';
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { contentSecurityPolicy } from '../../shared/csp';
import type { Core } from '../api/core';
import { toWireError } from '../api/core';
import type { Workspace } from '../workspace/workspace';
import { isOwnHost, isOwnOrigin, ownHosts, parseTarget } from './addressing';
import { TOKEN_COOKIE, isAuthorized } from './auth';
import { bindSocket } from './socket';
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

/** The paths that act (run the contract, write files): a browser must name the token in their URL and be our own page. */
const ACTING_PATHS = new Set(['/ws', '/api/upload']);

/** A request let in, or why it is refused (with its target when it has one, so the refusal can be in the path's form). */
type Admission = { ok: true; target: URL } | { ok: false; status: 400 | 403 | 421; message: string; target?: URL };

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Whatever goes wrong answering one request ends that request, never the process (and every running job with it). */
function failRequest(response: ServerResponse, error: unknown): void {
  console.error('LCZ Studio browser mode: a request failed:', error);
  if (response.headersSent) response.destroy();
  else response.writeHead(500, { 'content-type': 'text/plain' }).end('LCZ Studio: internal error.\n');
}

/**
 * Browser mode: the renderer over HTTP and the contract over a WebSocket, on 127.0.0.1 only, answering only to its
 * own names, with a random token required on every request and socket (as Jupyter does).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const assets = sirv(options.rendererDir, { dev: false, etag: true });
  // Set once listening, before any request can come; kept, because address() is null again once closing.
  let ownPort = 0;

  const admit = (request: IncomingMessage): Admission => {
    const target = parseTarget(request.url);
    if (!target) return { ok: false, status: 400, message: 'LCZ Studio: the request target is not a path.' };
    if (!isOwnHost(request, ownPort)) return { ok: false, status: 421, message: `LCZ Studio answers only at http://${ownHosts(ownPort).join(' and http://')}.`, target };
    const acting = ACTING_PATHS.has(target.pathname);
    if (!isAuthorized(request, target, token, acting ? 'url' : 'url-or-cookie')) {
      return { ok: false, status: 403, message: 'LCZ Studio: this address needs the access token printed when the server started.', target };
    }
    if (acting && !isOwnOrigin(request, ownPort)) return { ok: false, status: 403, message: 'LCZ Studio: a request from another page was refused.', target };
    return { ok: true, target };
  };

  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    const admission = admit(request);
    if (!admission.ok) {
      // The page reads an upload's answer as JSON; everything else is read by a person.
      if (admission.target?.pathname === '/api/upload') return sendJson(response, admission.status, { error: admission.message });
      return void response.writeHead(admission.status, { 'content-type': 'text/plain' }).end(`${admission.message}\n`);
    }
    const { target } = admission;
    response.setHeader('Content-Security-Policy', contentSecurityPolicy(ownHosts(ownPort).map((host) => `ws://${host}`)));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    if (target.pathname === '/api/upload' && request.method === 'POST') {
      receiveUpload(request, target.searchParams.get('name') ?? '', options.workspace.importsDir, options.maxUploadBytes)
        .then(
          (saved) => sendJson(response, 200, { path: saved }),
          (error: unknown) => {
            drainRefused(request);
            sendJson(response, 400, { error: toWireError(error).message });
          },
        )
        .catch((error: unknown) => failRequest(response, error));
      return;
    }
    assets(request, response, () => void response.writeHead(404).end('Not found'));
  };

  const server = createServer((request, response) => {
    try {
      answer(request, response);
    } catch (error) {
      failRequest(response, error);
    }
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  sockets.on('error', (error) => console.error('LCZ Studio browser mode: socket server:', error));
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const admission = admit(request);
    if (!admission.ok) return void socket.end(`HTTP/1.1 ${admission.status} ${STATUS_CODES[admission.status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${admission.message}\n`);
    if (admission.target.pathname !== '/ws') return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    sockets.handleUpgrade(request, socket, head, (ws) => bindSocket(ws, options.core));
  };
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off a socket it hands over: a client resetting it now must not end the process.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head);
    } catch (error) {
      console.error('LCZ Studio browser mode: an upgrade failed:', error);
      socket.destroy();
    }
  });

  const forward = (record: unknown) => {
    const message = JSON.stringify({ event: 'jobs/update', payload: record });
    for (const client of sockets.clients) client.send(message);
  };
  options.core.jobs.on('update', forward);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      ownPort = (server.address() as AddressInfo).port;
      resolve();
    });
  });
  // Past the start, a failure to accept a connection (out of descriptors, say) is logged; the server goes on.
  server.on('error', (error) => console.error('LCZ Studio browser mode:', error));
  return {
    url: `http://127.0.0.1:${ownPort}/?token=${token}`,
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
  // Nothing to drain from a client that has gone.
  if (request.complete || request.destroyed) return;
  const cutOff = setTimeout(() => request.socket.destroy(), DRAIN_REFUSED_MS);
  request.once('end', () => clearTimeout(cutOff)).once('close', () => clearTimeout(cutOff)).resume();
}
