/**
 * What a window may do, as plain data and functions (no Electron at run time), so the rules can be tested without
 * starting Electron: security.ts and window.ts apply them.
 */
import type { WebPreferences } from 'electron';

/** The renderer gets no Node, runs sandboxed and isolated from the preload, and keeps the web's same-origin rules. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
  };
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

/**
 * The app is one page: the only navigation allowed is to that same page (a reload). Another origin, another file
 * (file:// pages share the opaque origin "null", so origins alone cannot tell them apart) or a javascript: URL is refused.
 */
export function isNavigationAllowed(currentUrl: string, targetUrl: string): boolean {
  const current = withoutHash(currentUrl);
  return current !== null && current === withoutHash(targetUrl);
}

/** No window is ever opened inside the app; https links (documentation) go to the user's browser instead. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  let external: boolean;
  try {
    external = new URL(url).protocol === 'https:';
  } catch {
    external = false;
  }
  return { action: 'deny', openExternally: external };
}
