/**
 * The framed binary protocol between LCZ Studio and its runtime helper (resources/metis/lcz-metis-runner.c, whose
 * header comment is the specification; the simulator's helper speaks it too). uint32 and float32, little-endian:
 *
 *   helper -> us, once:   "LCZH" version H W C batch n_outputs, per output: name_length name count
 *   us -> helper:         "LCZP" n, n * H*W*C float32 (NHWC)          (n = 0: finished)
 *   helper -> us:         "LCZR" n, per patch, per output: count float32
 */
import { endianness } from 'node:os';
import type { Readable } from 'node:stream';

export const PROTOCOL_VERSION = 1;
export const MAGIC = { hello: 'LCZH', request: 'LCZP', response: 'LCZR' } as const;

export interface RunnerOutput {
  name: string;
  /** Values per patch. */
  count: number;
}

export interface RunnerHello {
  version: number;
  height: number;
  width: number;
  channels: number;
  /** Patches the compiled model takes per run (its batch). */
  batch: number;
  outputs: RunnerOutput[];
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}

/** The machine stores floats little-endian (every platform Node runs on today): the wire format is then a copy. */
const LITTLE_ENDIAN = endianness() === 'LE';

function floats(values: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const b = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) b.writeFloatLE(values[i]!, i * 4);
  return b;
}

export function encodeHello(h: RunnerHello): Buffer {
  const parts = [Buffer.from(MAGIC.hello), ...[h.version, h.height, h.width, h.channels, h.batch, h.outputs.length].map(u32)];
  for (const o of h.outputs) {
    const name = Buffer.from(o.name, 'utf8');
    parts.push(u32(name.length), name, u32(o.count));
  }
  return Buffer.concat(parts);
}

export function encodeRequest(patches: Float32Array, n: number): Buffer {
  return Buffer.concat([Buffer.from(MAGIC.request), u32(n), floats(patches)]);
}

export function encodeResponse(values: Float32Array, n: number): Buffer {
  return Buffer.concat([Buffer.from(MAGIC.response), u32(n), floats(values)]);
}

/** Reads exact byte counts from a stream; `read` rejects if the stream ends first. */
export class StreamReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private ended = false;
  private waiter: (() => void) | null = null;

  constructor(stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      this.wake();
    });
    stream.on('end', () => {
      this.ended = true;
      this.wake();
    });
    stream.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** n bytes; null when the stream ended cleanly before the first of them. */
  async read(n: number): Promise<Buffer | null> {
    while (this.size < n && !this.ended) await new Promise<void>((resolve) => (this.waiter = resolve));
    if (this.size < n) {
      if (this.size === 0) return null;
      throw new Error(`the stream ended ${this.size} bytes into a ${n}-byte read`);
    }
    const all = Buffer.concat(this.chunks);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.size -= n;
    return all.subarray(0, n);
  }

  async u32(): Promise<number> {
    const b = await this.read(4);
    if (!b) throw new Error('the stream ended');
    return b.readUInt32LE();
  }

  async floats(count: number): Promise<Float32Array> {
    const b = await this.read(count * 4);
    if (!b && count > 0) throw new Error('the stream ended');
    const out = new Float32Array(count);
    if (LITTLE_ENDIAN && count > 0) new Uint8Array(out.buffer).set(b!.subarray(0, count * 4));
    else for (let i = 0; i < count; i++) out[i] = b!.readFloatLE(i * 4);
    return out;
  }

  async magic(expected: string): Promise<boolean> {
    const b = await this.read(4);
    if (!b) return false;
    if (b.toString('latin1') !== expected) throw new Error(`expected "${expected}", got "${b.toString('latin1')}"`);
    return true;
  }
}

export async function readHello(r: StreamReader): Promise<RunnerHello> {
  if (!(await r.magic(MAGIC.hello))) throw new Error('the helper ended before saying hello');
  const [version, height, width, channels, batch, n] = [await r.u32(), await r.u32(), await r.u32(), await r.u32(), await r.u32(), await r.u32()];
  if (version !== PROTOCOL_VERSION) throw new Error(`the helper speaks protocol ${version}, LCZ Studio ${PROTOCOL_VERSION}: rebuild it`);
  const outputs: RunnerOutput[] = [];
  for (let i = 0; i < n; i++) {
    const length = await r.u32();
    const name = (await r.read(length))?.toString('utf8') ?? '';
    outputs.push({ name, count: await r.u32() });
  }
  return { version, height, width, channels, batch, outputs };
}
