import type { IncomingMessage } from 'node:http';

/**
 * The request's target, read in origin form ("/path?query"), the only form a browser sends to a server that is not
 * a proxy. Anything else ("*", "http://x/", "//a:99999", which `new URL(target, base)` would read as another host
 * and throw on) is no target: the caller answers 400 instead of throwing.
 */
export function parseTarget(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    // Prefixing the origin (rather than resolving against a base) keeps a target like "//a:99999" a path.
    const url = new URL(`http://127.0.0.1${target}`);
    return url.host === '127.0.0.1' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The two names this server answers to, as a Host header: its own address by number, and by the name that means it. */
export function ownHosts(port: number): readonly [string, string] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * DNS rebinding: a page of another site whose name is made to resolve to 127.0.0.1 speaks to this server as its own
 * origin, with its own name in Host. Only our own names are answered, whatever the request carries.
 */
export function isOwnHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host?.toLowerCase();
  return host !== undefined && ownHosts(port).includes(host);
}

/**
 * Other pages on this machine (another local port is another origin but the same site, so they share our cookie)
 * must not drive the socket or upload: a browser names the page in Origin, which must be this server under either
 * of its names. No Origin is not a browser; such a client still needs the token in the URL.
 */
export function isOwnOrigin(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return ownHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}
