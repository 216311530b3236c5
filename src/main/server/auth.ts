import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'lcz_token';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * Every request and socket must carry the token, in the URL (first visit, WebSocket, upload)
 * or in the cookie the first visit set (assets the page loads).
 */
export function requestToken(request: IncomingMessage): string | undefined {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  return url.searchParams.get('token') ?? cookieToken(request);
}

export function isAuthorized(request: IncomingMessage, token: string): boolean {
  const given = requestToken(request);
  return given !== undefined && same(given, token);
}

/** Refuses cross-site pages driving the socket: the origin must be this server itself. */
export function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // non-browser clients (tests, scripts) carry the token, which is enough
  return origin === `http://${request.headers.host}`;
}
