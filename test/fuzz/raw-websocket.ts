/**
 * WebSocket frames built by hand over a raw TCP socket (RFC 6455 section 5), so that a test can send what no
 * well-behaved client library would: unmasked frames, reserved opcodes, RSV bits, lengths past the limit.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { ServerProcess } from './harness';

export const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameOptions {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  /** The three reserved bits, as a number 0-7. */
  rsv?: number;
  masked?: boolean;
  /** A length to claim instead of the payload's own (to claim more than is sent). */
  declaredLength?: bigint;
}

export function frame(options: FrameOptions): Buffer {
  const payload = options.payload ?? Buffer.alloc(0);
  const length = options.declaredLength ?? BigInt(payload.length);
  const masked = options.masked ?? true;
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | options.opcode;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, Number(length)]);
  else if (length < 65536n) {
    header = Buffer.from([first, 126, 0, 0]);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.from([first, 127, 0, 0, 0, 0, 0, 0, 0, 0]);
    header.writeBigUInt64BE(length, 2);
  }
  if (masked) header[1]! |= 0x80;
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  return Buffer.concat([header, key, Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!))]);
}

/** A close frame's payload: the code, then the reason. */
export function closePayload(code: number, reason = ''): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(code);
  return Buffer.concat([buffer, Buffer.from(reason)]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** A socket past a valid upgrade: send raw frames, read the server's frames until it closes. */
export class RawWebSocket {
  private buffer = Buffer.alloc(0);
  private closed = false;
  private wake: () => void = () => undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    const end = (): void => {
      this.closed = true;
      this.wake();
    };
    socket.on('close', end).on('error', end);
  }

  /** Upgrades a fresh connection to /ws with the token; fails unless the server answers 101. */
  static async open(server: ServerProcess): Promise<RawWebSocket> {
    const socket = connect(server.port, '127.0.0.1');
    const raw = new RawWebSocket(socket);
    const key = randomBytes(16).toString('base64');
    socket.write(`GET /ws?token=${server.token} HTTP/1.1\r\nHost: ${server.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    const head = await raw.until(() => {
      const end = raw.buffer.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const text = raw.buffer.subarray(0, end).toString('latin1');
      raw.buffer = raw.buffer.subarray(end + 4);
      return text;
    });
    if (!head?.startsWith('HTTP/1.1 101')) throw new Error(`the upgrade was refused: ${head ?? 'connection closed'}`);
    return raw;
  }

  send(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }

  /**
   * The server's frames until it sends a close frame or drops the connection; the close frame's code, if one came.
   * Bounded: a server that neither closes nor answers within `boundMs` ends the wait (and the test says so).
   */
  async closeCode(boundMs = 10_000): Promise<{ code: number | undefined; frames: ServerFrame[]; closed: boolean }> {
    const frames: ServerFrame[] = [];
    const deadline = Date.now() + boundMs;
    for (;;) {
      const next = await this.until(() => this.readFrame(), deadline - Date.now());
      if (!next) return { code: undefined, frames, closed: this.closed };
      frames.push(next);
      if (next.opcode === OP.close) return { code: next.payload.length >= 2 ? next.payload.readUInt16BE(0) : undefined, frames, closed: true };
    }
  }

  /** The server's next data frame (text), or undefined when it closed or sent a close frame first. */
  async nextText(boundMs = 10_000): Promise<string | undefined> {
    const next = await this.until(() => this.readFrame(), boundMs);
    return next?.opcode === OP.text ? next.payload.toString('utf8') : undefined;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private readFrame(): ServerFrame | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    if (b.length < offset + length) return undefined;
    this.buffer = b.subarray(offset + length);
    return { opcode: b[0]! & 0x0f, payload: b.subarray(offset, offset + length) };
  }

  /** Waits until `take` finds something in what came, the connection closes, or the bound passes. */
  private async until<T>(take: () => T | undefined, boundMs = 10_000): Promise<T | undefined> {
    const deadline = Date.now() + boundMs;
    for (;;) {
      const found = take();
      if (found !== undefined || this.closed || Date.now() >= deadline) return found;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
