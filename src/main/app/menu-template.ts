/**
 * The application menu as data (no Electron at run time), so what each item does can be tested without Electron.
 * Open… and Export… are the renderer's own commands: the menu asks the page, through the contract's
 * "menu/command" event, to do what its toolbar buttons do.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { EventOf } from '../../shared/contract';

export type MenuCommand = EventOf<'menu/command'>;

export interface MenuOptions {
  /**
   * Whether the View menu offers DevTools and reload (and their shortcuts, which come with the menu items): in
   * development only. A packaged app has neither, so nobody at the keyboard gets a console into the page.
   */
  devTools: boolean;
  platform?: NodeJS.Platform;
}

/** Electron's standard View menu less Reload, Force Reload and Toggle Developer Tools. */
function productionViewMenu(mac: boolean): MenuItemConstructorOptions {
  return {
    label: mac ? 'View' : '&View',
    submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
}

export function applicationMenuTemplate(send: (command: MenuCommand) => void, options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = (options.platform ?? process.platform) === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: mac ? 'File' : '&File',
    submenu: [
      // The page handles Ctrl+O itself (in both faces): the menu shows the shortcut without taking it over.
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', registerAccelerator: false, click: () => send('open') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => send('export') },
      { type: 'separator' },
      // macOS keeps Quit in the app menu; File ends with Close there, as Mac apps do.
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = options.devTools ? { role: 'viewMenu' } : productionViewMenu(mac);
  return [...(mac ? [{ role: 'appMenu' } as const] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}
