import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'lcz_token';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every `lcz_token` cookie's value. A value that does not decode (`%`, `%zz`) is no token rather than an error: the
 * header comes from anyone, before the token is checked. Every one is kept because another page on this machine can
 * set a cookie of the same name (cookies do not separate ports), and that must not lock the user out.
 */
function cookieTokens(header: string | undefined): string[] {
  const tokens: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== TOKEN_COOKIE) continue;
    const value = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      tokens.push(decodeURIComponent(value));
    } catch {
      // malformed: not a token
    }
  }
  return tokens;
}

/**
 * Where a request may carry the token. The cookie (set by the first visit) lets the page load its assets; sockets and
 * uploads must name the token in their URL, as the page does, so that the cookie a browser adds to every same-site
 * request opens nothing that acts.
 */
export type TokenPlace = 'url' | 'url-or-cookie';

/** The token in the URL decides when there is one; otherwise any token cookie that matches. */
export function isAuthorized(request: IncomingMessage, target: URL, token: string, place: TokenPlace): boolean {
  const given = target.searchParams.get('token');
  if (given !== null) return same(given, token);
  return place === 'url-or-cookie' && cookieTokens(request.headers.cookie).some((candidate) => same(candidate, token));
}
