import type { PreloadBridge, Transport } from '../../shared/transport';
import { browserTransport } from './browser-transport';
import { electronTransport } from './electron-transport';

export { ApiError } from './api-error';

declare global {
  interface Window {
    lcz?: PreloadBridge;
  }
}

function pickTransport(): Transport {
  if (window.lcz) return electronTransport(window.lcz);
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return browserTransport(token);
}

/** The typed client of the core: the renderer's only way to it. */
export const api: Transport = pickTransport();
