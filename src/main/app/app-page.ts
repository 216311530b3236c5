/**
 * The app's own page: where the window loads it from, and which files that address may serve. Plain functions (no
 * Electron at run time), so the rules that the navigation lock, the IPC sender check and the protocol handler
 * apply are testable.
 *
 * The built renderer is served from a custom scheme, lcz://app/, not file://: a file:// page shares the opaque
 * origin "null" with every other file and, with Electron's extra file:// privileges, can fetch any file on the disk;
 * the fuse that takes those privileges away (grantFileProtocolExtraPrivileges, electron-builder.yml) also blocks
 * the module scripts of a file:// page. lcz://app/ is a real origin that serves only the renderer's folder.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'lcz';
const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The built renderer's page, as the window loads it. */
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The page the window loads: the electron-vite dev server when `npm run dev`-style tooling sets ELECTRON_RENDERER_URL
 * on an unpackaged app, else the built renderer. A packaged app ignores the variable: whoever can set a program's
 * environment must not be able to point the window, and the preload's bridge, at a page of their own.
 */
export function appPageUrl(options: { packaged: boolean; rendererUrl: string | undefined }): string {
  if (options.packaged || !options.rendererUrl) return APP_PAGE;
  let dev: URL;
  try {
    dev = new URL(options.rendererUrl);
  } catch {
    throw new Error(`ELECTRON_RENDERER_URL is not a URL: ${options.rendererUrl}`);
  }
  if (dev.protocol !== 'http:' || !LOOPBACK_HOSTS.has(dev.hostname)) {
    throw new Error(`ELECTRON_RENDERER_URL must be the dev server on this machine (http://localhost:PORT/), not ${options.rendererUrl}`);
  }
  return dev.href;
}

function withoutHash(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/** Whether two addresses are the same document (a #fragment aside). */
export function isSamePage(a: string, b: string): boolean {
  const first = withoutHash(a);
  return first !== null && first === withoutHash(b);
}

/**
 * The file under `rendererDir` that an lcz://app/ request asks for, or null when it asks for anything else: another
 * scheme or host, a path that escapes the folder (also when its slashes or dots are percent-encoded), a NUL byte or
 * a malformed escape. "/" is the page itself. Query and fragment are ignored.
 */
export function rendererFileFor(requestUrl: string, rendererDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(requestUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path}`);
  const inside = relative(root, file);
  if (!inside || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}
