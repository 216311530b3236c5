import { describe, expect, it } from 'vitest';
import { isNavigationAllowed, secureWebPreferences, windowOpenDecision } from '../../src/main/app/window-policy';

describe('the window locks the renderer down', () => {
  it('runs the page isolated, sandboxed, without Node, with the web security rules on', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  const page = 'file:///opt/lcz-studio/out/renderer/index.html';

  it('allows navigating only to the page itself (a reload)', () => {
    expect(isNavigationAllowed(page, page)).toBe(true);
    expect(isNavigationAllowed(page, `${page}#legend`)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
  });

  it.each([
    ['another origin', 'https://example.com/'],
    ['another file', 'file:///etc/passwd'],
    ['another page of the dev server', 'http://localhost:5173/other.html'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['something unparsable', 'not a url'],
  ])('refuses navigating to %s', (_what, target) => {
    expect(isNavigationAllowed(page, target)).toBe(false);
    expect(isNavigationAllowed('http://localhost:5173/', target)).toBe(false);
  });

  it('refuses every new window; only https links go out, to the user’s browser', () => {
    expect(windowOpenDecision('https://www.wudapt.org/')).toEqual({ action: 'deny', openExternally: true });
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', '']) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', openExternally: false });
    }
  });
});
