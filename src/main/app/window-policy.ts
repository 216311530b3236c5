/**
 * What a window may do, as plain data and functions (no Electron at run time), so the rules can be tested without
 * starting Electron: security.ts and window.ts apply them.
 */
import type { WebPreferences } from 'electron';
import { isSamePage } from './app-page';
import { externalLinkDecision, type ExternalLinkDecision } from './external-links';

/**
 * The renderer gets no Node, runs sandboxed and isolated from the preload, and keeps the web's same-origin rules;
 * no experimental or plugin features. DevTools only where `devTools` says (an unpackaged app: development).
 */
export function secureWebPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    plugins: false,
    enableWebSQL: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // A page cannot lock the user in with a loop of alert() dialogs.
    safeDialogs: true,
    devTools: options.devTools,
  };
}

/** A navigation as Electron reports it (will-frame-navigate, will-redirect). */
export interface NavigationAttempt {
  url: string;
  isMainFrame: boolean;
  /** A server's redirect rather than a link, a form or a script. */
  redirect: boolean;
}

export type NavigationDecision = { allow: true } | { allow: false; reason: string; openExternally: string | null };

/**
 * The app is one page: the only navigation allowed is the main frame going to that page (a reload). The app has no
 * frames, so a subframe never navigates. A link to one of the sites the app links to (external-links.ts) goes to
 * the user's browser instead; anything else is refused. Compared with the app's page, not the window's current
 * address, so a window that somehow left the app cannot vouch for where it goes next.
 */
export function navigationDecision(attempt: NavigationAttempt, appPage: string): NavigationDecision {
  if (!attempt.isMainFrame) return { allow: false, reason: 'the app has no frames', openExternally: null };
  if (isSamePage(attempt.url, appPage)) return { allow: true };
  if (attempt.redirect) return { allow: false, reason: 'a redirect away from the app', openExternally: null };
  const external = externalLinkDecision(attempt.url);
  return external.open ? { allow: false, reason: 'opened in the browser', openExternally: external.url } : { allow: false, reason: external.reason, openExternally: null };
}

/** No window is ever opened inside the app; links to the sites the app links to go to the user's browser. */
export function windowOpenDecision(url: string): { action: 'deny'; external: ExternalLinkDecision } {
  return { action: 'deny', external: externalLinkDecision(url) };
}
