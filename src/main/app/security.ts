import { app, session, shell, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../../shared/csp';
import { isNavigationAllowed, windowOpenDecision } from './window-policy';

/**
 * Locks every window down: no navigation away from the app, no new windows, no webviews, no permissions.
 * The CSP of the built page is a <meta> tag (electron.vite.config.ts): headers do not reach file:// loads. The header
 * here covers the page when it comes over http instead (the electron-vite dev server).
 */
export function applySecurity(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(contents.getURL(), url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
}
