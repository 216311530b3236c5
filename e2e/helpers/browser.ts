// The only file that imports Playwright: launches Debian's Chromium and opens pages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { commandAbsent, missing } from '../../test/helpers/missing';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots');

/** Why the end-to-end specs cannot run here, or null (printed; thrown under LCZ_REQUIRE_ALL: test/helpers/missing.ts). */
export function chromiumMissing(): string | null {
  return missing(commandAbsent(CHROMIUM, "apt-get install chromium, or set CHROMIUM_PATH"));
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export async function newPage(browser: Browser, url: string): Promise<{ page: Page; consoleErrors: string[] }> {
  // Reduced motion, as a user may ask of their OS: no CSS animation runs while a job does (on software rendering each
  // animated frame costs the CPU the specs share), and MapLibre jumps where it would fly.
  // A laptop's window, 1200 x 780: without a GPU Chromium's work grows with the pixels it draws (the basemap spec took
  // 110 CPU-s at 1400 x 900, 84 at this size), and a short window is where layouts fail (the Distil view's Prune
  // button ran under the jobs dock at this height, and no test saw it at 900).
  const context = await browser.newContext({ viewport: { width: 1200, height: 780 }, acceptDownloads: false, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(url);
  return { page, consoleErrors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export type { Browser, Page };
