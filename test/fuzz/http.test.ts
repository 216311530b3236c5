/**
 * Hostile HTTP against browser mode: request lines, targets, methods, versions, headers and cookies that no browser
 * sends, with and without the token, over raw TCP on 127.0.0.1. After each, the server must answer as usual and
 * its workspace hold nothing half-written.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertUnharmed, fuzzSeed, rawExchange, rawRequest, seededRandom, suiteServer, type ServerProcess } from './harness';

const seed = fuzzSeed('http');

interface Case {
  name: string;
  /** The bytes to send, made for the running server (its port, host and token). */
  bytes: (server: ServerProcess) => string | Buffer;
  /** The statuses it may get; undefined in the list: the server may also just hang up. */
  expect: (number | undefined)[];
}

const CRLF = '\r\n';
const get = (target: string, host: string, extra = ''): string => `GET ${target} HTTP/1.1${CRLF}Host: ${host}${CRLF}${extra}Connection: close${CRLF}${CRLF}`;
const REFUSED = [400, 403, 404, 421, 431, undefined];

/**
 * Bytes that do not ask the server to close are sent half-closed, so that it answers and hangs up. (A complete request
 * answered later, from a file, must not be half-closed: Node drops a request whose client has stopped sending.)
 */
function exchange(server: ServerProcess, bytes: string | Buffer): ReturnType<typeof rawExchange> {
  return rawExchange(server.port, bytes, { halfClose: !bytes.toString('latin1').includes(`Connection: close${CRLF}`) });
}

const requestLines: Case[] = [
  { name: 'target //a:99999 (URL reads a host with a bad port)', bytes: (s) => get('//a:99999', s.host), expect: [403] },
  { name: 'target //a:99999 with the token', bytes: (s) => get(`//a:99999?token=${s.token}`, s.host), expect: [404] },
  { name: 'absolute-form target of another host', bytes: (s) => get('http://x/', s.host), expect: [400] },
  { name: 'absolute-form target of this server, with the token', bytes: (s) => get(`http://${s.host}/?token=${s.token}`, s.host), expect: [400] },
  { name: 'target http://x (no path)', bytes: (s) => get('http://x', s.host), expect: [400] },
  { name: 'asterisk-form target', bytes: (s) => get('*', s.host), expect: [400] },
  { name: 'OPTIONS *', bytes: (s) => `OPTIONS * HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Connection: close${CRLF}${CRLF}`, expect: [400] },
  { name: 'target %', bytes: (s) => get('%', s.host), expect: [400] },
  { name: 'target /% with the token', bytes: (s) => get(`/%?token=${s.token}`, s.host), expect: [400, 404] },
  { name: 'target /%zz', bytes: (s) => get('/%zz', s.host), expect: [403] },
  { name: 'token that does not decode in the query', bytes: (s) => get('/?token=%E0%A4%A', s.host), expect: [403] },
  { name: 'query of % only', bytes: (s) => get('/?%', s.host), expect: [403] },
  { name: 'traversal with the token', bytes: (s) => get(`/../../../../etc/passwd?token=${s.token}`, s.host), expect: [200, 400, 404] },
  { name: 'encoded traversal with the token', bytes: (s) => get(`/..%2f..%2f..%2fetc%2fpasswd?token=${s.token}`, s.host), expect: [400, 404] },
  { name: 'backslash traversal with the token', bytes: (s) => get(`/..\\..\\etc\\passwd?token=${s.token}`, s.host), expect: [400, 404] },
  { name: 'overlong target (past the header limit)', bytes: (s) => get(`/${'a'.repeat(20_000)}`, s.host), expect: [431, 400, undefined] },
  { name: 'long target under the limit, with the token', bytes: (s) => get(`/${'a'.repeat(8_000)}?token=${s.token}`, s.host), expect: [404] },
  { name: 'non-ASCII bytes in the target', bytes: (s) => Buffer.concat([Buffer.from('GET /'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(` HTTP/1.1${CRLF}Host: ${s.host}${CRLF}${CRLF}`)]), expect: REFUSED },
  { name: 'UTF-8 in the target, with the token', bytes: (s) => Buffer.from(get(`/é?token=${s.token}`, s.host)), expect: REFUSED },
  { name: 'NUL in the target', bytes: (s) => get('/\0', s.host), expect: REFUSED },
  { name: 'unknown method', bytes: (s) => `FOO / HTTP/1.1${CRLF}Host: ${s.host}${CRLF}${CRLF}`, expect: [400, undefined] },
  { name: 'lower-case method', bytes: (s) => `get / HTTP/1.1${CRLF}Host: ${s.host}${CRLF}${CRLF}`, expect: [400, undefined] },
  { name: 'method with a symbol', bytes: (s) => `G@T / HTTP/1.1${CRLF}Host: ${s.host}${CRLF}${CRLF}`, expect: [400, undefined] },
  // The static files answer any method with the page itself; TRACE echoes nothing.
  { name: 'TRACE with the token', bytes: (s) => `TRACE /?token=${s.token} HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Connection: close${CRLF}${CRLF}`, expect: [200, 404, 405] },
  { name: 'CONNECT', bytes: (s) => `CONNECT 127.0.0.1:22 HTTP/1.1${CRLF}Host: ${s.host}${CRLF}${CRLF}`, expect: [400, undefined] },
  { name: 'HTTP/0.9 request', bytes: () => `GET /${CRLF}`, expect: [400, undefined] },
  { name: 'HTTP/9.9', bytes: (s) => `GET / HTTP/9.9${CRLF}Host: ${s.host}${CRLF}${CRLF}`, expect: [400, 505, undefined] },
  { name: 'HTTP/2 preface', bytes: () => `PRI * HTTP/2.0${CRLF}${CRLF}SM${CRLF}${CRLF}`, expect: [400, undefined] },
  { name: 'bare LF line ends', bytes: (s) => `GET / HTTP/1.1\nHost: ${s.host}\n\n`, expect: [400, 403, undefined] },
  { name: 'empty request line', bytes: () => `${CRLF}${CRLF}`, expect: [400, undefined] },
  // Node answers the garbage with 400 and closes, which may cut the first answer short.
  { name: 'a valid request, then garbage on the same connection', bytes: (s) => `GET /?token=${s.token} HTTP/1.1${CRLF}Host: ${s.host}${CRLF}${CRLF}\x16\x03\x01garbage${CRLF}${CRLF}`, expect: [200, 400] },
  { name: 'a TLS hello', bytes: () => Buffer.from('16030100a5010000a10303', 'hex'), expect: [400, undefined] },
];

const headerCases: Case[] = [
  { name: 'CR LF injected into the target', bytes: (s) => `GET /?a=1${CRLF}X-Injected: 1 HTTP/1.1${CRLF}Host: ${s.host}${CRLF}${CRLF}`, expect: [400, 403, undefined] },
  { name: 'a header without a colon', bytes: (s) => `GET / HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Nonsense${CRLF}${CRLF}`, expect: [400] },
  { name: 'an obsolete folded header line', bytes: (s) => `GET / HTTP/1.1${CRLF}Host: ${s.host}${CRLF}X-A: 1${CRLF} folded${CRLF}${CRLF}`, expect: [400, 403] },
  { name: 'two Host headers', bytes: (s) => `GET /?token=${s.token} HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Host: evil.example${CRLF}Connection: close${CRLF}${CRLF}`, expect: [400, 200, 421] },
  { name: 'Host of another name, with the token', bytes: (s) => get(`/?token=${s.token}`, `evil.example:${s.port}`), expect: [421] },
  { name: 'Host with user info, with the token', bytes: (s) => get(`/?token=${s.token}`, `x@${s.host}`), expect: [421] },
  { name: 'Host of IPv6 loopback, with the token', bytes: (s) => get(`/?token=${s.token}`, `[::1]:${s.port}`), expect: [421] },
  { name: 'Host in hexadecimal, with the token', bytes: (s) => get(`/?token=${s.token}`, `0x7f000001:${s.port}`), expect: [421] },
  { name: 'Host with a trailing dot, with the token', bytes: (s) => get(`/?token=${s.token}`, `localhost.:${s.port}`), expect: [421] },
  { name: 'Host in capitals, with the token', bytes: (s) => get(`/?token=${s.token}`, `LOCALHOST:${s.port}`), expect: [200] },
  { name: 'no Host, HTTP/1.1', bytes: (s) => `GET /?token=${s.token} HTTP/1.1${CRLF}${CRLF}`, expect: [400] },
  { name: 'no Host, HTTP/1.0', bytes: (s) => `GET /?token=${s.token} HTTP/1.0${CRLF}${CRLF}`, expect: [421] },
  { name: 'Content-Length and Transfer-Encoding both', bytes: (s) => `POST /api/upload?token=${s.token} HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Content-Length: 3${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}0${CRLF}${CRLF}`, expect: [400] },
  { name: 'negative Content-Length', bytes: (s) => `POST /api/upload?token=${s.token} HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Content-Length: -1${CRLF}${CRLF}`, expect: [400] },
  { name: 'Content-Length past 2^53', bytes: (s) => `POST /api/upload?token=${s.token} HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Content-Length: 99999999999999999999999${CRLF}${CRLF}`, expect: [400] },
  { name: 'two different Content-Lengths', bytes: (s) => `POST /api/upload?token=${s.token} HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Content-Length: 1${CRLF}Content-Length: 2${CRLF}${CRLF}xx`, expect: [400] },
  { name: 'a bad chunk size', bytes: (s) => `POST /api/upload?token=${s.token}&name=c.tif HTTP/1.1${CRLF}Host: ${s.host}${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}zz${CRLF}abc${CRLF}0${CRLF}${CRLF}`, expect: [400, undefined] },
  { name: 'a header of 20 kB', bytes: (s) => get('/', s.host, `X-Big: ${'b'.repeat(20_000)}${CRLF}`), expect: [431, 400, undefined] },
];

const upgradeTo = (target: string, host: string, extra: string): string =>
  `GET ${target} HTTP/1.1${CRLF}Host: ${host}${CRLF}Upgrade: websocket${CRLF}Connection: Upgrade${CRLF}${extra}${CRLF}`;
const KEY = `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==${CRLF}Sec-WebSocket-Version: 13${CRLF}`;

const upgradeCases: Case[] = [
  { name: 'without the token', bytes: (s) => upgradeTo('/ws', s.host, KEY), expect: [403] },
  { name: 'to another path, with the token', bytes: (s) => upgradeTo(`/other?token=${s.token}`, s.host, KEY), expect: [404] },
  { name: 'to a target that is no path', bytes: (s) => upgradeTo(`//a:99999?token=${s.token}`, s.host, KEY), expect: [404] },
  { name: 'to an absolute-form target', bytes: (s) => upgradeTo(`ws://${s.host}/ws?token=${s.token}`, s.host, KEY), expect: [400] },
  { name: 'with a malformed token cookie', bytes: (s) => upgradeTo('/ws', s.host, `${KEY}Cookie: lcz_token=%${CRLF}`), expect: [403] },
  { name: 'of another Host, with the token', bytes: (s) => upgradeTo(`/ws?token=${s.token}`, `evil.example:${s.port}`, KEY), expect: [421] },
  { name: 'without a key', bytes: (s) => upgradeTo(`/ws?token=${s.token}`, s.host, `Sec-WebSocket-Version: 13${CRLF}`), expect: [400] },
  { name: 'with a bad key', bytes: (s) => upgradeTo(`/ws?token=${s.token}`, s.host, `Sec-WebSocket-Key: %%%${CRLF}Sec-WebSocket-Version: 13${CRLF}`), expect: [400] },
  // ws still speaks the draft-10 protocol (version 8), which frames as 13 does.
  { name: 'of version 8', bytes: (s) => upgradeTo(`/ws?token=${s.token}`, s.host, `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==${CRLF}Sec-WebSocket-Version: 8${CRLF}`), expect: [101, 400] },
  { name: 'to h2c', bytes: (s) => upgradeTo(`/ws?token=${s.token}`, s.host, KEY).replace('Upgrade: websocket', 'Upgrade: h2c'), expect: [400] },
];

/** Cookie headers: each with what it must open ('/' with the token in the cookie only). */
const cookieCases: { name: string; cookie: (token: string) => string; expect: number }[] = [
  { name: 'lcz_token=%', cookie: () => 'lcz_token=%', expect: 403 },
  { name: 'lcz_token=%zz', cookie: () => 'lcz_token=%zz', expect: 403 },
  { name: 'a truncated UTF-8 escape', cookie: () => 'lcz_token=%E0%A4%A', expect: 403 },
  { name: 'a cookie without =', cookie: () => 'lcz_token', expect: 403 },
  { name: 'an empty token', cookie: () => 'lcz_token=', expect: 403 },
  { name: 'the right token', cookie: (t) => `lcz_token=${t}`, expect: 200 },
  { name: 'the right token, quoted', cookie: (t) => `lcz_token="${t}"`, expect: 200 },
  { name: 'a wrong token before the right one (set by another local page)', cookie: (t) => `lcz_token=wrong; lcz_token=${t}`, expect: 200 },
  { name: 'a malformed token before the right one', cookie: (t) => `lcz_token=%; lcz_token=${t}`, expect: 200 },
  { name: 'two wrong tokens', cookie: () => 'lcz_token=a; lcz_token=b', expect: 403 },
  { name: 'the token under a near name', cookie: (t) => `lcz_tokenx=${t}; xlcz_token=${t}; LCZ_TOKEN=${t}`, expect: 403 },
  { name: '500 cookies, then the token', cookie: (t) => `${Array.from({ length: 500 }, (_, i) => `c${i}=${i}`).join('; ')}; lcz_token=${t}`, expect: 200 },
  { name: 'a huge cookie (past the header limit)', cookie: (t) => `big=${'x'.repeat(20_000)}; lcz_token=${t}`, expect: 431 },
  { name: 'only separators', cookie: () => ';;;; ; ;=;=', expect: 403 },
];

describe('hostile HTTP', () => {
  const running = suiteServer();

  it.each(requestLines.map((c) => [c.name, c] as const))('request line: %s', async (_name, c) => {
    const server = running();
    const reply = await exchange(server, c.bytes(server));
    await assertUnharmed(server);
    expect(c.expect, reply.text.slice(0, 200)).toContain(reply.status);
    expect(reply.text).not.toContain('root:x:0:0');
  });

  it.each(headerCases.map((c) => [c.name, c] as const))('header: %s', async (_name, c) => {
    const server = running();
    const reply = await exchange(server, c.bytes(server));
    await assertUnharmed(server);
    expect(c.expect, reply.text.slice(0, 200)).toContain(reply.status);
  });

  it.each(upgradeCases.map((c) => [c.name, c] as const))('upgrade: %s', async (_name, c) => {
    const server = running();
    const reply = await rawExchange(server.port, c.bytes(server));
    await assertUnharmed(server);
    expect(c.expect, reply.text.slice(0, 200)).toContain(reply.status);
  });

  it('survives clients that reset the connection as it is refused or upgraded', async () => {
    const server = running();
    for (let i = 0; i < 20; i++) {
      const socket = connect(server.port, '127.0.0.1').on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(upgradeTo(i % 2 ? '/ws' : `/ws?token=${server.token}`, server.host, KEY));
      socket.resetAndDestroy();
    }
    await assertUnharmed(server);
  });

  it.each(cookieCases.map((c) => [c.name, c] as const))('cookie: %s', async (_name, c) => {
    const server = running();
    const reply = await rawExchange(server.port, get('/', server.host, `Cookie: ${c.cookie(server.token)}${CRLF}`));
    await assertUnharmed(server);
    expect(reply.status).toBe(c.expect);
  });

  it('opens neither the socket nor uploads with the cookie alone (a same-site page on another port sends it too)', async () => {
    const server = running();
    const cookie = `Cookie: lcz_token=${server.token}${CRLF}`;
    const upgrade = get('/ws', server.host, `${cookie}Upgrade: websocket${CRLF}Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==${CRLF}Sec-WebSocket-Version: 13${CRLF}`).replace('Connection: close', 'Connection: Upgrade');
    expect((await rawExchange(server.port, upgrade)).status).toBe(403);
    const upload = rawRequest({ method: 'POST', target: '/api/upload?name=a.tif', host: server.host, headers: [['Cookie', `lcz_token=${server.token}`]], body: 'x' });
    expect((await rawExchange(server.port, upload)).status).toBe(403);
    await assertUnharmed(server);
  });

  it(`survives seeded random request lines and headers (seed ${seed})`, async () => {
    const server = running();
    const random = seededRandom(seed);
    const pieces = ['/', '//', '%', '%%', '?', '#', '..', '\\', '@', ':', '99999', 'token=', server.token, '\x7f', '\u00e9', ' ', '\t', ';', '=', '"'];
    for (let i = 0; i < 150; i++) {
      const target = Array.from({ length: 1 + random.int(8) }, () => random.pick(pieces)).join('');
      const header = random.pick(['Cookie', 'Host', 'Origin', 'Content-Length', 'Transfer-Encoding', 'Upgrade', 'X-Any']);
      const value = random.pick([random.bytes(1 + random.int(64)).toString('latin1'), Array.from({ length: 1 + random.int(6) }, () => random.pick(pieces)).join('')]);
      const bytes = random.next() < 0.2 ? random.bytes(1 + random.int(2048)) : `${random.pick(['GET', 'POST', 'PUT', 'HEAD'])} ${target} HTTP/1.1${CRLF}Host: ${server.host}${CRLF}${header}: ${value}${CRLF}${CRLF}`;
      const reply = await rawExchange(server.port, bytes, { halfClose: true });
      if (server.ended()) throw new Error(`case ${i} (seed ${seed}) ended the server: ${JSON.stringify(bytes.toString())}\n${server.ended()}`);
      expect(reply.status === undefined || reply.status !== 500, `case ${i} (seed ${seed}): ${reply.text.slice(0, 200)}`).toBe(true);
    }
    await assertUnharmed(server);
  });
});
