import type { ContractKey, EventKey, EventOf, InputOf, OutputOf } from '../../shared/contract';
import type { Transport } from '../../shared/transport';
import { ApiError } from './api-error';

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; file?: string } };
type Push = { event: string; payload: unknown };

/** Browser mode: the same contract over a WebSocket to the local server; the token comes from the page URL. */
export function browserTransport(token: string): Transport {
  const url = new URL(`/ws?token=${encodeURIComponent(token)}`, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new ApiError('Cannot reach the LCZ Studio server.')), { once: true });
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as Reply | Push;
    if ('event' in data) {
      listeners.get(data.event)?.forEach((listener) => listener(data.payload));
      return;
    }
    const waiter = pending.get(data.id);
    if (!waiter) return;
    pending.delete(data.id);
    if (data.ok) waiter.resolve(data.value);
    else waiter.reject(new ApiError(data.error.message, data.error.file));
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new ApiError('The connection to the LCZ Studio server was closed.'));
    pending.clear();
  });

  return {
    async invoke<K extends ContractKey>(key: K, input: InputOf<K>): Promise<OutputOf<K>> {
      await opened;
      const id = nextId++;
      return new Promise<OutputOf<K>>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as OutputOf<K>), reject });
        socket.send(JSON.stringify({ id, key, input }));
      });
    },
    on<K extends EventKey>(event: K, listener: (payload: EventOf<K>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = (payload: unknown) => listener(payload as EventOf<K>);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    async fileToPath(file: File) {
      const response = await fetch(`/api/upload?token=${encodeURIComponent(token)}&name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        body: file,
      });
      const body = (await response.json()) as { path?: string; error?: string };
      if (!response.ok || !body.path) throw new ApiError(body.error ?? `Upload of ${file.name} failed.`, file.name);
      return body.path;
    },
  };
}
