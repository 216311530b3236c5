import { describe, expect, it } from 'vitest';
import { APP_PAGE } from '../../src/main/app/app-page';
import { ipcSenderDecision } from '../../src/main/app/ipc-sender';

const top = (url: string) => ({ url, parent: null });
const child = (url: string) => ({ url, parent: top(APP_PAGE) });

describe('who may call the core over IPC', () => {
  it('accepts the app’s page in a top-level frame, built or from the dev server', () => {
    expect(ipcSenderDecision(top(APP_PAGE), APP_PAGE)).toEqual({ ok: true });
    expect(ipcSenderDecision(top(`${APP_PAGE}#results`), APP_PAGE)).toEqual({ ok: true });
    expect(ipcSenderDecision(top('http://localhost:5173/'), 'http://localhost:5173/')).toEqual({ ok: true });
  });

  it.each([
    ['a page of another site', top('https://example.com/'), /https:\/\/example\.com\/ is not the app's page/],
    ['the built page by file://', top('file:///opt/lcz-studio/resources/app.asar/out/renderer/index.html'), /not the app's page/],
    ['another file of the app’s origin', top('lcz://app/assets/index.js'), /not the app's page/],
    ['the dev server’s page when the app shows its built page', top('http://localhost:5173/'), /not the app's page/],
    ['a data: page', top('data:text/html,hi'), /not the app's page/],
    ['about:blank', top('about:blank'), /not the app's page/],
    ['a subframe, even one showing the app’s page', child(APP_PAGE), /a subframe \(lcz:\/\/app\/index\.html\) is not the app/],
    ['a subframe of another site', child('https://example.com/'), /a subframe/],
    ['a frame that is gone', null, /the sending frame is gone/],
  ])('refuses %s, saying why', (_what, frame, why) => {
    const decision = ipcSenderDecision(frame, APP_PAGE);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.reason).toMatch(why);
  });
});
