import { app, session, shell, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../../shared/csp';
import { navigationDecision, windowOpenDecision, type NavigationAttempt } from './window-policy';

/**
 * Locks every window down: no navigation away from the app, in any frame or by redirect; no new windows; no
 * webviews; no permissions, asked or checked; links only to the sites the app links to (external-links.ts).
 * The CSP reaches the built page from the lcz:// handler (app-protocol.ts) and its <meta> tag; the header here covers
 * the page when it comes over http instead (the electron-vite dev server).
 */
export function applySecurity(appPage: string): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    console.warn(`LCZ Studio refused the permission "${permission}"`);
    callback(false);
  });
  // Checks are the synchronous twin of requests (e.g. navigator.permissions.query, clipboard): also no.
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => lockDown(contents, appPage));
}

function refuse(what: string, url: string, reason: string): void {
  console.warn(`LCZ Studio refused ${what} ${url}: ${reason}`);
}

function openInBrowser(url: string): void {
  shell.openExternal(url).catch((error: unknown) => console.warn(`LCZ Studio could not open ${url}: ${String(error)}`));
}

function lockDown(contents: WebContents, appPage: string): void {
  const guard = (event: { preventDefault(): void }, attempt: NavigationAttempt) => {
    const decision = navigationDecision(attempt, appPage);
    if (decision.allow) return;
    event.preventDefault();
    if (decision.openExternally) openInBrowser(decision.openExternally);
    else refuse(attempt.redirect ? 'a redirect to' : 'navigating to', attempt.url, decision.reason);
  };
  // will-frame-navigate covers the main frame and every subframe (will-navigate only the main frame).
  contents.on('will-frame-navigate', (event) => guard(event, { url: event.url, isMainFrame: event.isMainFrame, redirect: false }));
  contents.on('will-redirect', (event) => guard(event, { url: event.url, isMainFrame: event.isMainFrame, redirect: true }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.external.open) openInBrowser(decision.external.url);
    else refuse('opening', url, decision.external.reason);
    return { action: decision.action };
  });
}
