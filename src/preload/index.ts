// The whole bridge between the renderer and the main process: invoke a contract key, listen to an event,
// and get the disk path of a dropped file. Nothing else of Electron or Node reaches the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

const bridge = {
  invoke: (key: string, input: unknown) => ipcRenderer.invoke('lcz:invoke', key, input),
  on: (event: string, listener: (payload: unknown) => void) => {
    const wrapped = (_: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('lcz:event', wrapped);
    return () => void ipcRenderer.off('lcz:event', wrapped);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('lcz', bridge);
