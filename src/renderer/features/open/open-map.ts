import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import { openScene } from '../scene/open-scene';

/** Each open gets a number so that a slow earlier open cannot replace a later one. */
let latestOpen = 0;

/**
 * Opens an LCZ GeoTIFF by its path (on this machine in Electron, on the server in browser mode).
 * On failure the previous map stays on screen and the error banner names the file.
 */
export async function openMap(path: string): Promise<void> {
  const ticket = ++latestOpen;
  const readyBefore = document.body.dataset.mapReady;
  // Tests wait for mapReady: it goes false now and true when the new layer has been drawn.
  document.body.dataset.mapReady = 'false';
  appStore.set({ opening: path, dialog: null, error: null });
  try {
    const view = await api.invoke('maps/open', { path });
    if (ticket !== latestOpen) return;
    appStore.set({ map: view, result: null, lczVisible: true, tab: 'layers', hidden: new Set<number>(), inspect: null, probe: null });
  } catch (error) {
    if (ticket !== latestOpen) return;
    if (readyBefore === undefined) delete document.body.dataset.mapReady;
    else document.body.dataset.mapReady = readyBefore;
    reportError(error, { action: 'Cannot open', file: path });
  } finally {
    if (ticket === latestOpen) appStore.set({ opening: null });
  }
}

/**
 * Opens any GeoTIFF the user picked or dropped: a one-band file as an LCZ map, a multi-band one as a scene to map.
 * The core tells which from the header alone.
 */
export async function openPath(path: string): Promise<void> {
  appStore.set({ opening: path, dialog: null, error: null });
  let kind: 'lcz-map' | 'scene';
  try {
    ({ kind } = await api.invoke('rasters/probe', { path }));
  } catch (error) {
    appStore.set({ opening: null });
    reportError(error, { action: 'Cannot open', file: path });
    return;
  }
  if (kind === 'scene') await openScene(path);
  else await openMap(path);
}

/** Opens a file dropped on the window or picked in the page (uploaded first in browser mode). */
export async function openFile(file: File): Promise<void> {
  // A new attempt: the banner of the last one goes, so whatever appears next is about this file.
  appStore.set({ opening: file.name, dialog: null, error: null });
  let path: string;
  try {
    path = await api.fileToPath(file);
  } catch (error) {
    appStore.set({ opening: null });
    reportError(error, { action: 'Cannot open', file: file.name });
    return;
  }
  await openPath(path);
}

/** "Open…": the native dialog in Electron, the in-app path dialog in browser mode. */
export async function chooseFileToOpen(): Promise<void> {
  const info = appStore.get().info;
  if (!info?.nativeDialogs) {
    appStore.set({ dialog: 'open' });
    return;
  }
  try {
    const { path } = await api.invoke('dialog/open-file', { title: 'Open an LCZ map or a satellite scene' });
    if (path) await openPath(path);
  } catch (error) {
    reportError(error, { action: 'Cannot show the open dialog' });
  }
}
