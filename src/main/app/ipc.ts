import { BrowserWindow, ipcMain } from 'electron';
import { toWireError, type Core } from '../api/core';

/** Binds the contract to ipcMain: the core validates every input whatever the renderer sends. */
export function bindIpc(core: Core): void {
  ipcMain.handle('lcz:invoke', async (_event, key: unknown, input: unknown) => {
    try {
      return { ok: true, value: await core.handle(String(key), input) };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  });
  core.jobs.on('update', (record) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send('lcz:event', 'jobs/update', record);
  });
}
