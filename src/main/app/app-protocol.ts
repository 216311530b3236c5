import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/csp';
import { APP_SCHEME, rendererFileFor } from './app-page';

/**
 * lcz:// as a standard, secure scheme, so the page has a real origin of its own (CSP 'self', module scripts, its
 * workers). Chromium fetches module scripts in CORS mode, which it allows only on CORS-enabled schemes: hence
 * corsEnabled, which costs nothing here, as the scheme serves only the app's own build and no other origin ever
 * loads in its windows. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves lcz://app/ from the built renderer's folder, and nothing outside it, with the renderer's CSP header. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir);
    if (!file || !(await isFile(file))) {
      console.warn(`LCZ Studio refused ${request.url}: not a file of the app`);
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
