import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_PAGE, appPageUrl, isSamePage, rendererFileFor } from '../../src/main/app/app-page';

describe('the page the window loads', () => {
  it('is the built renderer on lcz://app/ unless an unpackaged app is given the dev server', () => {
    expect(APP_PAGE).toBe('lcz://app/index.html');
    expect(appPageUrl({ packaged: false, rendererUrl: undefined })).toBe(APP_PAGE);
    expect(appPageUrl({ packaged: false, rendererUrl: '' })).toBe(APP_PAGE);
    expect(appPageUrl({ packaged: false, rendererUrl: 'http://localhost:5173' })).toBe('http://localhost:5173/');
    expect(appPageUrl({ packaged: false, rendererUrl: 'http://127.0.0.1:5173/' })).toBe('http://127.0.0.1:5173/');
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app, whatever it says', () => {
    for (const rendererUrl of ['http://localhost:5173/', 'https://evil.example/', 'not a url']) {
      expect(appPageUrl({ packaged: true, rendererUrl })).toBe(APP_PAGE);
    }
  });

  it('refuses a dev server that is not on this machine, or not a URL', () => {
    expect(() => appPageUrl({ packaged: false, rendererUrl: 'https://evil.example/' })).toThrow(/dev server on this machine/);
    expect(() => appPageUrl({ packaged: false, rendererUrl: 'http://192.168.1.5:5173/' })).toThrow(/dev server on this machine/);
    expect(() => appPageUrl({ packaged: false, rendererUrl: 'file:///tmp/index.html' })).toThrow(/dev server on this machine/);
    expect(() => appPageUrl({ packaged: false, rendererUrl: 'localhost:5173' })).toThrow(/dev server on this machine/);
    expect(() => appPageUrl({ packaged: false, rendererUrl: '::' })).toThrow(/not a URL/);
  });

  it('tells the same document (a #fragment aside) from another', () => {
    expect(isSamePage(APP_PAGE, `${APP_PAGE}#x`)).toBe(true);
    expect(isSamePage(APP_PAGE, 'lcz://app/index.html?x=1')).toBe(false);
    expect(isSamePage(APP_PAGE, 'lcz://other/index.html')).toBe(false);
    expect(isSamePage('not a url', 'not a url')).toBe(false);
  });
});

describe('lcz://app/ serves the renderer’s folder and nothing else', () => {
  // A real folder beside a secret, to show that what escapes the folder is refused before any file is read.
  const temp = mkdtempSync(join(tmpdir(), 'lcz-app-page-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const renderer = join(temp, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  writeFileSync(join(renderer, 'assets', 'index.js'), '');
  writeFileSync(join(temp, 'secret.txt'), 'secret');

  it.each([
    ['lcz://app/index.html', 'index.html'],
    ['lcz://app/', 'index.html'],
    ['lcz://app', 'index.html'],
    ['lcz://app/assets/index.js', 'assets/index.js'],
    ['lcz://app/assets/index.js?v=1#x', 'assets/index.js'],
    ['lcz://app/assets/../index.html', 'index.html'],
    ['lcz://app/%61ssets/index.js', 'assets/index.js'],
    // The URL parser resolves dot segments (also percent-encoded ones) against the root: they cannot climb out.
    ['lcz://app/../secret.txt', 'secret.txt'],
    ['lcz://app/%2e%2e/secret.txt', 'secret.txt'],
  ])('%s is %s', (url, file) => {
    expect(rendererFileFor(url, renderer)).toBe(join(renderer, file));
  });

  it.each([
    ['an encoded slash climbing out', 'lcz://app/..%2fsecret.txt'],
    ['encoded slashes climbing far', 'lcz://app/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['an encoded backslash', 'lcz://app/..%5csecret.txt'],
    ['the folder itself through an encoded slash', 'lcz://app/assets%2f..%2f..'],
    ['a NUL byte', 'lcz://app/index.html%00.png'],
    ['a malformed escape', 'lcz://app/%E0%A4%A'],
    ['another host', 'lcz://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['http', 'http://app/index.html'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(rendererFileFor(url, renderer)).toBeNull();
  });
});
