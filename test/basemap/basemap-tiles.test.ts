import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BasemapTiles } from '../../src/main/basemap/basemap-tiles';
import { parseXyzTemplate } from '../../src/main/basemap/tile-source';
import { solidPng, startTileServer, tileColour, type TileServer } from '../helpers/tile-server';

const UA = 'LCZStudio/test';

describe('basemap tiles from a tile server, through the cache', () => {
  let dir: string;
  let server: TileServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lcz-tiles-'));
    server = await startTileServer({ tileSize: 64 });
  });

  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tilesWith = (options: Partial<ConstructorParameters<typeof BasemapTiles>[0]> = {}) =>
    new BasemapTiles({ cacheDir: dir, maxCacheBytes: 10_000_000, userAgent: UA, retryAfterMs: 0, ...options });

  it('fetches a missing tile once, then serves it from the cache without asking the server', async () => {
    const tiles = tilesWith();
    const source = parseXyzTemplate(server.template);
    const first = await tiles.tile(source, 3, 4, 2);
    expect(first).toEqual({ kind: 'tile', contentType: 'image/png', base64: solidPng(64, tileColour(3, 4, 2), [90, 90, 90]).toString('base64'), from: 'server' });
    expect(server.requests).toEqual(['/3/4/2.png']);
    // A new instance (a restart) finds the tile on disk.
    expect(await tilesWith().tile(source, 3, 4, 2)).toEqual({ ...first, from: 'cache' });
    expect(server.requests).toEqual(['/3/4/2.png']);
  });

  it('names itself to the server (tile servers require a User-Agent that says which app asks)', async () => {
    const seen: string[] = [];
    const { createServer } = await import('node:http');
    const probe = createServer((req, res) => {
      seen.push(req.headers['user-agent'] ?? '');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    expect(await tilesWith().tile(parseXyzTemplate(`http://127.0.0.1:${port}/{z}/{x}/{y}.png`), 1, 0, 0)).toEqual({ kind: 'empty' });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(seen).toEqual([UA]);
  });

  it('evicts the least recently used tiles once the cache passes its bound', async () => {
    const tileBytes = solidPng(64, tileColour(5, 0, 0), [90, 90, 90]).length;
    const tiles = tilesWith({ maxCacheBytes: tileBytes * 2 + 10 });
    const source = parseXyzTemplate(server.template);
    await tiles.tile(source, 5, 0, 0);
    await tiles.tile(source, 5, 1, 0);
    await tiles.tile(source, 5, 0, 0); // used again: now the newest
    await tiles.tile(source, 5, 2, 0); // the third: 5/1/0 must go
    server.requests.length = 0;
    await tiles.tile(source, 5, 0, 0);
    await tiles.tile(source, 5, 2, 0);
    expect(server.requests).toEqual([]);
    await tiles.tile(source, 5, 1, 0);
    expect(server.requests).toEqual(['/5/1/0.png']);
  });

  it('says a server that is down cannot be reached, and serves the tiles it has cached meanwhile, marked stale', async () => {
    const source = parseXyzTemplate(server.template);
    await tilesWith().tile(source, 2, 1, 1);
    await server.close();
    // Everything cached counts as old now, so the server is asked first.
    const tiles = tilesWith({ freshForMs: 0 });
    const cached = await tiles.tile(source, 2, 1, 1);
    expect(cached).toMatchObject({ kind: 'tile', from: 'stale-cache' });
    const missing = await tiles.tile(source, 2, 0, 1);
    expect(missing).toEqual({ kind: 'unavailable', message: `The tile server 127.0.0.1:${server.port} cannot be reached (ECONNREFUSED).` });
  });

  it('does not ask a server again for a while once it could not be reached', async () => {
    const source = parseXyzTemplate(server.template);
    await server.close();
    const tiles = tilesWith({ retryAfterMs: 60 * 60 * 1000 });
    expect((await tiles.tile(source, 1, 0, 0)).kind).toBe('unavailable');
    const again = await startTileServer({ port: server.port, tileSize: 64 });
    try {
      expect(await tiles.tile(source, 1, 1, 0)).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('cannot be reached') });
      expect(again.requests).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('takes a 404 as no tile there, not as a failure', async () => {
    server.mode = 'not-found';
    expect(await tilesWith().tile(parseXyzTemplate(server.template), 4, 3, 3)).toEqual({ kind: 'empty' });
  });

  it.each([
    ['html', 'sent an HTML page instead of a tile'],
    ['truncated', 'sent a cut-off image'],
    ['error-500', 'answered 500 Internal Server Error'],
  ] as const)('refuses what a misbehaving server sends (%s) with one message, and caches none of it', async (mode, expected) => {
    server.mode = mode;
    const tiles = tilesWith();
    const source = parseXyzTemplate(server.template);
    const answer = await tiles.tile(source, 6, 10, 20);
    expect(answer).toEqual({ kind: 'unavailable', message: expect.stringContaining(`The tile server 127.0.0.1:${server.port} ${expected}`) });
    server.mode = 'tiles';
    expect(await tiles.tile(source, 6, 10, 20)).toMatchObject({ kind: 'tile', from: 'server' });
    expect(server.requests).toEqual(['/6/10/20.png', '/6/10/20.png']);
  });
});
