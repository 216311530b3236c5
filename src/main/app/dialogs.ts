import { BrowserWindow, dialog } from 'electron';
import type { Dialogs } from '../api/core';

const geotiff = [{ name: 'GeoTIFF', extensions: ['tif', 'tiff'] }];
// What Open takes: GeoTIFFs and satellite products as downloaded (a SAFE .zip, a Landsat .tar), or a product's
// metadata file inside its unpacked folder (MTD_MSIL2A.xml, *_MTL.txt) to open the folder.
const openable = [
  { name: 'GeoTIFF or satellite product', extensions: ['tif', 'tiff', 'zip', 'tar', 'xml', 'txt'] },
  ...geotiff,
  { name: 'Sentinel-2 product (.zip, or MTD_MSIL*.xml in a .SAFE folder)', extensions: ['zip', 'xml'] },
  { name: 'Landsat Collection 2 product (.tar, or *_MTL.txt in its folder)', extensions: ['tar', 'txt'] },
];

export const electronDialogs: Dialogs = {
  async openFile(title) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { title, properties: ['openFile' as const], filters: openable };
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
