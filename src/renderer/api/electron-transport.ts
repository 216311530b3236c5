import type { ContractKey, EventKey, EventOf, InputOf, OutputOf } from '../../shared/contract';
import type { PreloadBridge, Transport } from '../../shared/transport';
import { ApiError } from './api-error';

export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    async invoke<K extends ContractKey>(key: K, input: InputOf<K>): Promise<OutputOf<K>> {
      const reply = await bridge.invoke(key, input);
      if (!reply.ok) throw new ApiError(reply.error.message, reply.error.file);
      return reply.value as OutputOf<K>;
    },
    on<K extends EventKey>(event: K, listener: (payload: EventOf<K>) => void) {
      return bridge.on(event, (payload) => listener(payload as EventOf<K>));
    },
    async fileToPath(file: File) {
      return bridge.pathForFile(file);
    },
  };
}
