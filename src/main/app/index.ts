/** Electron entry: the only code that imports electron. The work itself is in the core. */
import { app, BrowserWindow } from 'electron';
import { Core } from '../api/core';
import { appVersion } from '../paths';
import { Workspace } from '../workspace/workspace';
import { appPageUrl } from './app-page';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { electronDialogs } from './dialogs';
import { bindIpc } from './ipc';
import { installApplicationMenu } from './menu';
import { applySecurity } from './security';
import { createMainWindow, rendererDir } from './window';

app.enableSandbox();
registerAppScheme();

// DevTools (menu, shortcuts, webPreferences) in development only: `npm start` runs the unpackaged build.
const devTools = !app.isPackaged;
const appPage = appPageUrl({ packaged: app.isPackaged, rendererUrl: process.env.ELECTRON_RENDERER_URL });
if (app.isPackaged && process.env.ELECTRON_RENDERER_URL) console.warn('LCZ Studio ignores ELECTRON_RENDERER_URL: a packaged app shows only its own page.');

void app.whenReady().then(async () => {
  applySecurity(appPage);
  serveAppProtocol(rendererDir);
  installApplicationMenu({ devTools });
  const workspace = await Workspace.open();
  const core = new Core({ face: 'electron', version: appVersion(), workspace, dialogs: electronDialogs });
  bindIpc(core, appPage);
  createMainWindow(appPage, { devTools });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(appPage, { devTools });
  });
  // Jobs are child processes: quitting waits (briefly: each is killed after its cancel grace) until they have
  // stopped and removed their temp outputs, rather than leaving them to run on without the app.
  let jobsStopped = false;
  app.on('before-quit', (event) => {
    if (jobsStopped) return;
    event.preventDefault();
    void core.jobs.stopAll().finally(() => {
      jobsStopped = true;
      app.quit();
    });
  });
  // `kill` (SIGTERM) from a terminal or a session ending: quit the same way.
  process.on('SIGTERM', () => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
