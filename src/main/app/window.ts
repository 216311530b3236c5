import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './window-policy';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The built renderer's folder, which lcz://app/ serves (app-protocol.ts). */
export const rendererDir = join(here, '../renderer');

export function createMainWindow(appPage: string, options: { devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'LCZ Studio',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs'), options),
  });
  window.once('ready-to-show', () => {
    window.show();
    // `npm start` (scripts/start.mjs) tells a failure to start from a later exit by this file.
    const shownFile = process.env.LCZ_WINDOW_SHOWN_FILE;
    if (shownFile) void writeFile(shownFile, '').catch(() => undefined);
  });
  void window.loadURL(appPage);
  return window;
}
