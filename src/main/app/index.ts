/** Electron entry: the only code that imports electron. The work itself is in the core. */
import { app, BrowserWindow } from 'electron';
import { Core } from '../api/core';
import { Workspace } from '../workspace/workspace';
import { electronDialogs } from './dialogs';
import { bindIpc } from './ipc';
import { applySecurity } from './security';
import { createMainWindow } from './window';

app.enableSandbox();

void app.whenReady().then(async () => {
  applySecurity();
  const workspace = await Workspace.open();
  const core = new Core({ face: 'electron', version: app.getVersion(), workspace, dialogs: electronDialogs });
  bindIpc(core);
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('before-quit', () => core.jobs.stopAll());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
