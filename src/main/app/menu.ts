import { BrowserWindow, Menu } from 'electron';
import { applicationMenuTemplate, type MenuCommand } from './menu-template';

/** Installs the application menu; its commands go to the focused window's page as a contract event. */
export function installApplicationMenu(options: { devTools: boolean }): void {
  const send = (command: MenuCommand) => {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    window?.webContents.send('lcz:event', 'menu/command', command);
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(send, options)));
}
