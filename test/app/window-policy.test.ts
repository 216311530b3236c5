import { describe, expect, it } from 'vitest';
import { APP_PAGE } from '../../src/main/app/app-page';
import { navigationDecision, secureWebPreferences, windowOpenDecision } from '../../src/main/app/window-policy';

describe('the window locks the renderer down', () => {
  it('runs the page isolated, sandboxed, without Node, with the web security rules on and nothing experimental', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs', { devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      plugins: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('has DevTools only when asked (an unpackaged app)', () => {
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('/p', { devTools: false }).devTools).toBe(false);
  });

  const dev = 'http://localhost:5173/';
  const main = (url: string) => ({ url, isMainFrame: true, redirect: false });

  it('allows the main frame only to go to the app’s page (a reload)', () => {
    for (const page of [APP_PAGE, dev]) {
      expect(navigationDecision(main(page), page)).toEqual({ allow: true });
      expect(navigationDecision(main(`${page}#legend`), page)).toEqual({ allow: true });
      expect(navigationDecision({ url: page, isMainFrame: true, redirect: true }, page), 'a redirect to the page itself').toEqual({ allow: true });
    }
  });

  it.each([
    ['another origin', 'https://example.com/'],
    ['another file', 'file:///etc/passwd'],
    ['the built page by file://', 'file:///opt/lcz-studio/resources/app.asar/out/renderer/index.html'],
    ['another page of the app’s origin', 'lcz://app/assets/index.js'],
    ['another page of the dev server', 'http://localhost:5173/other.html'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['something unparsable', 'not a url'],
  ])('refuses navigating to %s', (_what, target) => {
    for (const page of [APP_PAGE, dev]) {
      expect(navigationDecision(main(target), page)).toMatchObject({ allow: false, openExternally: null });
    }
  });

  it('sends a link to a site the app links to to the browser, and refuses the navigation itself', () => {
    expect(navigationDecision(main('https://www.wudapt.org/lcz/'), APP_PAGE)).toEqual({ allow: false, reason: 'opened in the browser', openExternally: 'https://www.wudapt.org/lcz/' });
  });

  it('never lets a subframe navigate, not even to the app’s page, nor opens its links', () => {
    for (const url of [APP_PAGE, 'https://www.wudapt.org/', 'https://example.com/']) {
      expect(navigationDecision({ url, isMainFrame: false, redirect: false }, APP_PAGE)).toEqual({ allow: false, reason: 'the app has no frames', openExternally: null });
    }
  });

  it('refuses a redirect away from the app, even to a site the app links to', () => {
    expect(navigationDecision({ url: 'https://www.wudapt.org/', isMainFrame: true, redirect: true }, dev)).toEqual({ allow: false, reason: 'a redirect away from the app', openExternally: null });
    expect(navigationDecision({ url: 'http://localhost:5173/elsewhere', isMainFrame: true, redirect: true }, dev)).toMatchObject({ allow: false, openExternally: null });
  });

  it('refuses every new window; only links to the sites the app links to go out, to the user’s browser', () => {
    expect(windowOpenDecision('https://www.wudapt.org/')).toEqual({ action: 'deny', external: { open: true, url: 'https://www.wudapt.org/' } });
    for (const url of ['https://example.com/', 'http://www.wudapt.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', '']) {
      expect(windowOpenDecision(url), url).toMatchObject({ action: 'deny', external: { open: false } });
    }
  });
});
