import { WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { UserError, parseOrExplain } from '../../shared/errors';
import type { Core } from '../api/core';
import { toWireError } from '../api/core';

/** One request on the socket, as the renderer's transport sends it; nothing else is taken. */
const requestSchema = z
  .object({
    id: z.union([z.number(), z.string()]).optional(),
    key: z.string(),
    input: z.unknown().optional(),
  })
  .strict();

type WireId = number | string | null;
type Parsed = { id: WireId; request: z.infer<typeof requestSchema> } | { id: WireId; error: unknown };

/** A reply goes back with the request's id when it had a usable one, so the client can match it. */
function idOf(message: unknown): WireId {
  if (typeof message !== 'object' || message === null || !('id' in message)) return null;
  const { id } = message;
  return (typeof id === 'number' && Number.isFinite(id)) || typeof id === 'string' ? id : null;
}

function parseRequest(data: RawData): Parsed {
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return { id: null, error: new UserError('Malformed request: not JSON.') };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { id: null, error: new UserError('Malformed request: expected an object {id, key, input}.') };
  }
  const id = idOf(message);
  try {
    return { id, request: parseOrExplain(requestSchema, message, 'Malformed request') };
  } catch (error) {
    return { id, error };
  }
}

function reply(ws: WebSocket, id: WireId, outcome: { value: unknown } | { error: unknown }): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify('value' in outcome ? { id, ok: true, value: outcome.value } : { id, ok: false, error: toWireError(outcome.error) });
  } catch (error) {
    // A value JSON cannot hold is a bug of ours, and the client still hears of it.
    text = JSON.stringify({ id, ok: false, error: toWireError(error) });
  }
  ws.send(text);
}

/** The contract over one socket: each message is a request, answered by one reply; whatever it holds, it gets a reply. */
export function bindSocket(ws: WebSocket, core: Core): void {
  // Protocol errors (unmasked or oversized frames, invalid UTF-8, reserved opcodes and bits) arrive here; ws has
  // already sent the close frame that says why. Without a listener they would end the process.
  ws.on('error', (error) => console.warn(`browser mode: closing a socket: ${error.message}`));
  ws.on('message', (data) => {
    const parsed = parseRequest(data);
    const { id } = parsed;
    if ('error' in parsed) return reply(ws, id, parsed);
    core.handle(parsed.request.key, parsed.request.input).then(
      (value) => reply(ws, id, { value }),
      (error: unknown) => reply(ws, id, { error }),
    );
  });
}
