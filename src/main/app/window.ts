import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './window-policy';

const here = fileURLToPath(new URL('.', import.meta.url));

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'LCZ Studio',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => {
    window.show();
    // `npm start` (scripts/start.mjs) tells a failure to start from a later exit by this file.
    const shownFile = process.env.LCZ_WINDOW_SHOWN_FILE;
    if (shownFile) void writeFile(shownFile, '').catch(() => undefined);
  });
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(here, '../renderer/index.html'));
  return window;
}
