import { api } from '../api';
import { appStore } from './app-state';
import { chooseFileToOpen } from '../features/open/open-map';

/**
 * The desktop app's menu (File > Open…, Export…) does what the toolbar buttons do. Browser mode has no such
 * menu and never sends the event.
 */
export function startMenuCommands(): void {
  api.on('menu/command', (command) => {
    if (command === 'open') void chooseFileToOpen();
    // Export is for the map on screen, as the toolbar button (disabled without one) says.
    else if (appStore.get().map) appStore.set({ dialog: 'export' });
  });
}
