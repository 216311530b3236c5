import { BrowserWindow, dialog } from 'electron';
import type { Dialogs } from '../api/core';

const geotiff = [{ name: 'GeoTIFF', extensions: ['tif', 'tiff'] }];

export const electronDialogs: Dialogs = {
  async openFile(title) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { title, properties: ['openFile' as const], filters: geotiff };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async saveFile(title, defaultPath) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { title, defaultPath, filters: geotiff };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath ?? null);
  },
};
