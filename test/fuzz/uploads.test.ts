/**
 * Uploads as a careless network and a hostile client make them: cut off at every stage, over the cap, without a
 * name or with names meant to escape, many at once. After each, the server answers, every finished upload is whole,
 * and nothing else is in the workspace: no temp file, no empty folder, no descriptor left open.
 */
import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertUnharmed, entriesOf, fuzzSeed, rawExchange, seededRandom, settle, suiteServer, type ServerProcess } from './harness';

const seed = fuzzSeed('uploads');
/** The server's upload cap here: small, so going past it is quick. */
const CAP = 64 * 1024;

const head = (server: ServerProcess, query: string, framing: string): string =>
  `POST /api/upload?token=${server.token}&${query} HTTP/1.1\r\nHost: ${server.host}\r\n${framing}Connection: close\r\n\r\n`;

/** A whole upload; the server's status and JSON answer. */
async function upload(server: ServerProcess, query: string, body: Buffer): Promise<{ status: number; answer: { path?: string; error?: string } }> {
  const reply = await fetch(`http://${server.host}/api/upload?token=${server.token}&${query}`, { method: 'POST', body });
  return { status: reply.status, answer: (await reply.json()) as { path?: string; error?: string } };
}

/** An upload that claims `declared` bytes, sends `sent` of them (in pieces) and is cut off: FIN, or RST. */
async function cutUpload(server: ServerProcess, options: { declared: number; sent: number; reset?: boolean; chunked?: boolean }): Promise<void> {
  const socket = connect(server.port, '127.0.0.1').on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  const framing = options.chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${options.declared}\r\n`;
  socket.write(head(server, 'name=cut.tif', framing));
  // A chunked body is cut inside a chunk: its size line promises more than comes.
  if (options.chunked) socket.write(`${options.declared.toString(16)}\r\n`);
  for (let at = 0; at < options.sent; at += 8192) socket.write(Buffer.alloc(Math.min(8192, options.sent - at), 0x5a));
  if (options.reset) socket.resetAndDestroy();
  else socket.destroy();
}

/** The finished files in the imports folder (name and size), across the upload folders. */
function imported(server: ServerProcess): { name: string; size: number }[] {
  const imports = join(server.workspace, 'imports');
  return entriesOf(imports).flatMap((folder) =>
    entriesOf(join(imports, folder.name))
      .filter(({ name }) => !name.endsWith('.tmp'))
      .map(({ name }) => ({ name, size: statSync(join(imports, folder.name, name)).size })),
  );
}

describe('hostile uploads', () => {
  const running = suiteServer({ maxUploadBytes: CAP });

  it.each([
    ['headers only', 0],
    ['one byte', 1],
    ['half', CAP / 2],
    ['all but one byte', CAP - 1],
  ])('leaves nothing when cut off after %s (FIN and RST, Content-Length and chunked)', async (_what, sent) => {
    const server = running();
    for (const reset of [false, true]) for (const chunked of [false, true]) for (let i = 0; i < 3; i++) await cutUpload(server, { declared: CAP, sent, reset, chunked });
    await assertUnharmed(server);
    expect(imported(server)).toEqual([]);
  });

  it('refuses an upload over the cap, declared or streamed, naming the file, and keeps nothing of it', async () => {
    const server = running();
    const declared = await upload(server, 'name=big.tif', Buffer.alloc(CAP + 1));
    expect(declared.status).toBe(400);
    expect(declared.answer.error).toMatch(/^big\.tif: is larger than 65536 bytes/);
    const chunks = `${(CAP + 1).toString(16)}\r\n${'z'.repeat(CAP + 1)}\r\n0\r\n\r\n`;
    const streamed = await rawExchange(server.port, head(server, 'name=streamed.tif', 'Transfer-Encoding: chunked\r\n') + chunks);
    expect(streamed.status).toBe(400);
    expect(streamed.text).toContain('streamed.tif: is larger than 65536 bytes');
    await assertUnharmed(server);
    expect(imported(server)).toEqual([]);
  });

  it('keeps an upload of exactly the cap whole', async () => {
    const server = running();
    const body = Buffer.from(Array.from({ length: CAP }, (_, i) => i % 251));
    const { status, answer } = await upload(server, 'name=exact.tif', body);
    expect(status).toBe(200);
    expect(readFileSync(answer.path!).equals(body)).toBe(true);
    await assertUnharmed(server);
  });

  it.each([
    ['no name at all', '', 'upload.tif'],
    ['an empty name', 'name=', 'upload.tif'],
    ['dots only', 'name=..', 'upload.tif'],
    ['a path out of the workspace', `name=${encodeURIComponent('../../../../tmp/escape.tif')}`, 'escape.tif'],
    ['a Windows path', `name=${encodeURIComponent('..\\..\\evil.tif')}`, 'evil.tif'],
    ['a hidden name', 'name=.bashrc', 'bashrc'],
    ['a NUL byte', 'name=a%00b.tif', 'a_b.tif'],
    ['an escape that does not decode', 'name=%ff%zz.tif', '_zz.tif'],
    ['a name of 1000 characters', `name=${'n'.repeat(1000)}`, 'n'.repeat(120)],
  ])('stores an upload with %s inside the imports folder', async (_what, query, expected) => {
    const server = running();
    const { status, answer } = await upload(server, query, Buffer.from('data'));
    expect(status, JSON.stringify(answer)).toBe(200);
    expect(answer.path!.startsWith(join(server.workspace, 'imports'))).toBe(true);
    expect(answer.path!.endsWith(`/${expected}`), answer.path).toBe(true);
    expect(readFileSync(answer.path!, 'utf8')).toBe('data');
    await assertUnharmed(server);
  });

  it('refuses an upload from another page on this machine, and keeps nothing', async () => {
    const server = running();
    const before = imported(server).length;
    const reply = await rawExchange(server.port, `${head(server, 'name=x.tif', `Origin: http://127.0.0.1:${server.port + 1}\r\nContent-Length: 1\r\n`)}x`);
    expect(reply.status).toBe(403);
    expect(reply.text).toContain('"error"');
    await assertUnharmed(server);
    expect(imported(server).length).toBe(before);
  });

  it(`keeps exactly the finished uploads of a seeded random mix, at once (seed ${seed})`, async () => {
    const server = running();
    const random = seededRandom(seed);
    const before = imported(server);
    const expected: number[] = [];
    const uploads = Array.from({ length: 24 }, (_, i) => {
      const size = random.int(2 * CAP);
      const finished = random.next() < 0.4;
      if (finished && size <= CAP) expected.push(size);
      if (finished) return upload(server, `name=r${i}.tif`, Buffer.alloc(size, i));
      return cutUpload(server, { declared: Math.max(size, 1), sent: random.int(size), reset: random.next() < 0.5, chunked: random.next() < 0.3 });
    });
    await Promise.all(uploads);
    await assertUnharmed(server);
    const sizes = await settle(() => (imported(server).length === before.length + expected.length ? [] : ['uploads still landing']));
    expect(sizes, `seed ${seed}`).toEqual([]);
    const now = imported(server).filter((f) => f.name.startsWith('r'));
    expect(now.map((f) => f.size).sort((a, b) => a - b), `seed ${seed}`).toEqual(expected.sort((a, b) => a - b));
  });
});
