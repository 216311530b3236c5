import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError, reportNotice } from '../../app/report-error';
import type { Camera } from '../../../shared/contract';
import { openScene } from '../scene/open-scene';

/** Each open gets a number so that a slow earlier open cannot replace a later one. */
let latestOpen = 0;

export interface OpenMapOptions {
  /** Where the camera goes (where the last session left it); left out, the map is framed whole. */
  camera?: Camera | null;
  /**
   * 'banner' (an open the user asked for): a failure is an error naming the file. 'notice' (reopening the last
   * session): a one-line notice, and the caller opens something else.
   */
  report?: 'banner' | 'notice';
}

/**
 * Opens an LCZ GeoTIFF by its path (on this machine in Electron, on the server in browser mode) in the Map view.
 * On failure the previous map stays on screen and the error banner names the file. Resolves to whether it opened.
 */
export async function openMap(path: string, options: OpenMapOptions = {}): Promise<boolean> {
  const ticket = ++latestOpen;
  const readyBefore = document.body.dataset.mapReady;
  // Tests wait for mapReady: it goes false now and true when the new layer has been drawn.
  document.body.dataset.mapReady = 'false';
  appStore.set({ opening: path, dialog: null, error: null });
  try {
    const view = await api.invoke('maps/open', { path });
    if (ticket !== latestOpen) return false;
    appStore.set({
      map: view,
      placement: options.camera ?? null,
      result: null,
      lczVisible: true,
      view: 'map',
      tab: 'layers',
      hidden: new Set<number>(),
      inspect: null,
      probe: null,
    });
    return true;
  } catch (error) {
    if (ticket !== latestOpen) return false;
    if (readyBefore === undefined) delete document.body.dataset.mapReady;
    else document.body.dataset.mapReady = readyBefore;
    if (options.report === 'notice') reportNotice(error, path);
    else reportError(error, { action: 'Cannot open', file: path });
    return false;
  } finally {
    if (ticket === latestOpen) appStore.set({ opening: null });
  }
}

/**
 * Opens any GeoTIFF the user picked or dropped: a one-band file as an LCZ map, a multi-band one as a scene to map.
 * The core tells which from the header alone.
 */
export async function openPath(path: string): Promise<boolean> {
  appStore.set({ opening: path, dialog: null, error: null });
  let kind: 'lcz-map' | 'scene';
  try {
    ({ kind } = await api.invoke('rasters/probe', { path }));
  } catch (error) {
    appStore.set({ opening: null });
    reportError(error, { action: 'Cannot open', file: path });
    return false;
  }
  if (kind === 'scene') return (await openScene(path)) !== null;
  return openMap(path);
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
