// A real tile server on 127.0.0.1 for the basemap tests: small generated PNG tiles at /{z}/{x}/{y}.png (a colour per
// tile, a dark frame so tile edges show in screenshots), and misbehaviours on demand.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG of `size` x `size` pixels, `fill` inside a 2-pixel `frame`. */
export function solidPng(size: number, fill: readonly [number, number, number], frame: readonly [number, number, number] = fill): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    rows[y * (1 + size * 3)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const edge = x < 2 || y < 2 || x >= size - 2 || y >= size - 2;
      const [r, g, b] = edge ? frame : fill;
      const at = y * (1 + size * 3) + 1 + x * 3;
      rows[at] = r;
      rows[at + 1] = g;
      rows[at + 2] = b;
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** The two pale colours of the tiles' checkerboard, so neighbouring tiles differ on screen. */
export const TILE_COLOURS = [
  [214, 196, 170],
  [170, 204, 214],
] as const;

export function tileColour(_z: number, x: number, y: number): [number, number, number] {
  return [...TILE_COLOURS[(x + y) % 2]!];
}

/** What the server answers: tiles, or one of the ways real servers go wrong. */
export type TileServerMode = 'tiles' | 'html' | 'truncated' | 'error-500' | 'not-found';

export interface TileServer {
  /** The XYZ template of this server. */
  template: string;
  port: number;
  /** Paths asked for, in order. */
  requests: string[];
  mode: TileServerMode;
  close(): Promise<void>;
}

export async function startTileServer(options: { port?: number; tileSize?: number } = {}): Promise<TileServer> {
  const size = options.tileSize ?? 256;
  const server: Server = createServer((request, response) => {
    state.requests.push(request.url ?? '');
    const match = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(request.url ?? '');
    if (!match) return void response.writeHead(404).end();
    const [z, x, y] = match.slice(1).map(Number) as [number, number, number];
    switch (state.mode) {
      case 'html':
        return void response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Please log in to the hotel Wi-Fi</body></html>');
      case 'truncated': {
        const png = solidPng(size, tileColour(z, x, y));
        return void response.writeHead(200, { 'content-type': 'image/png' }).end(png.subarray(0, png.length >> 1));
      }
      case 'error-500':
        return void response.writeHead(500, { 'content-type': 'text/plain' }).end('overloaded');
      case 'not-found':
        return void response.writeHead(404).end();
      case 'tiles':
        return void response.writeHead(200, { 'content-type': 'image/png' }).end(solidPng(size, tileColour(z, x, y), [90, 90, 90]));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const state: TileServer = {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    port,
    requests: [],
    mode: 'tiles',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}
