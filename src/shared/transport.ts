import type { ContractKey, EventKey, EventOf, InputOf, OutputOf } from './contract';

/**
 * What the renderer needs from a face: call the contract, listen to events.
 * Electron implements it over the preload bridge; browser mode over a WebSocket.
 */
export interface Transport {
  invoke<K extends ContractKey>(key: K, input: InputOf<K>): Promise<OutputOf<K>>;
  on<K extends EventKey>(event: K, listener: (payload: EventOf<K>) => void): () => void;
  /**
   * Makes a file dropped or picked in the page openable by the core: in Electron its path on disk,
   * in browser mode the path it was uploaded to on the server.
   */
  fileToPath(file: File): Promise<string>;
}

/** The bridge the preload exposes as window.lcz (Electron only). */
export interface PreloadBridge {
  invoke(key: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string; file?: string } }>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}
