import { BrowserWindow, ipcMain } from 'electron';
import { toWireError, type Core } from '../api/core';
import { isSamePage } from './app-page';
import { ipcSenderDecision } from './ipc-sender';

/**
 * Binds the contract to ipcMain: only the app's own page may call (ipc-sender.ts), and the core validates every
 * input whatever that page sends.
 */
export function bindIpc(core: Core, appPage: string): void {
  ipcMain.handle('lcz:invoke', async (event, key: unknown, input: unknown) => {
    const sender = ipcSenderDecision(event.senderFrame, appPage);
    if (!sender.ok) {
      console.warn(`LCZ Studio refused an IPC call (${String(key)}): ${sender.reason}`);
      return { ok: false, error: { message: `Refused: ${sender.reason}.` } };
    }
    try {
      return { ok: true, value: await core.handle(String(key), input) };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  });
  // Job records name files and folders: they go only to windows showing the app.
  core.jobs.on('update', (record) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (isSamePage(window.webContents.getURL(), appPage)) window.webContents.send('lcz:event', 'jobs/update', record);
    }
  });
}
