/**
 * Hostile WebSocket traffic after a valid upgrade with the token: frames that break RFC 6455, built by hand over raw
 * TCP, and messages that are well-formed frames but no request. Each frame error must close that socket with the
 * code that says why; each message must get one error reply; the server goes on answering.
 */
import { describe, expect, it } from 'vitest';
import { assertUnharmed, fuzzSeed, seededRandom, socketCall, suiteServer } from './harness';
import { OP, RawWebSocket, closePayload, frame } from './raw-websocket';

const seed = fuzzSeed('websocket');
const MAX_PAYLOAD = 16n * 1024n * 1024n;
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** Frames that break the protocol, and the close code ws must answer each with (1002 protocol, 1007 data, 1009 size). */
const badFrames: { name: string; frames: () => Buffer[]; code: number }[] = [
  { name: 'an unmasked client frame', frames: () => [frame({ opcode: OP.text, payload: json({}), masked: false })], code: 1002 },
  { name: 'reserved data opcode 0x3', frames: () => [frame({ opcode: 0x3, payload: json({}) })], code: 1002 },
  { name: 'reserved control opcode 0xB', frames: () => [frame({ opcode: 0xb })], code: 1002 },
  { name: 'RSV1 set without an extension', frames: () => [frame({ opcode: OP.text, payload: json({}), rsv: 4 })], code: 1002 },
  { name: 'RSV2 and RSV3 set', frames: () => [frame({ opcode: OP.text, payload: json({}), rsv: 3 })], code: 1002 },
  { name: 'invalid UTF-8 in a text frame', frames: () => [frame({ opcode: OP.text, payload: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) })], code: 1007 },
  { name: 'an overlong UTF-8 encoding', frames: () => [frame({ opcode: OP.text, payload: Buffer.from([0xc0, 0xaf]) })], code: 1007 },
  { name: 'a fragmented ping', frames: () => [frame({ opcode: OP.ping, payload: Buffer.from('a'), fin: false })], code: 1002 },
  { name: 'a control frame over 125 bytes', frames: () => [frame({ opcode: OP.ping, payload: Buffer.alloc(126) })], code: 1002 },
  { name: 'a continuation with no message begun', frames: () => [frame({ opcode: OP.continuation, payload: json({}) })], code: 1002 },
  {
    name: 'a new message inside a fragmented one',
    frames: () => [frame({ opcode: OP.text, payload: Buffer.from('{"a":'), fin: false }), frame({ opcode: OP.text, payload: Buffer.from('1}') })],
    code: 1002,
  },
  { name: 'a message over maxPayload (declared)', frames: () => [frame({ opcode: OP.binary, declaredLength: MAX_PAYLOAD + 1n })], code: 1009 },
  { name: 'a 64-bit length past 2^53', frames: () => [frame({ opcode: OP.binary, declaredLength: 2n ** 63n - 1n })], code: 1009 },
  {
    name: 'fragments adding up past maxPayload',
    frames: () => [frame({ opcode: OP.binary, payload: Buffer.alloc(64 * 1024), fin: false }), frame({ opcode: OP.continuation, declaredLength: MAX_PAYLOAD })],
    code: 1009,
  },
  { name: 'close with code 999', frames: () => [frame({ opcode: OP.close, payload: closePayload(999) })], code: 1002 },
  { name: 'close with reserved code 1005', frames: () => [frame({ opcode: OP.close, payload: closePayload(1005) })], code: 1002 },
  { name: 'close with code 5000', frames: () => [frame({ opcode: OP.close, payload: closePayload(5000) })], code: 1002 },
  { name: 'close with a one-byte payload', frames: () => [frame({ opcode: OP.close, payload: Buffer.from([3]) })], code: 1002 },
  { name: 'close with an invalid UTF-8 reason', frames: () => [frame({ opcode: OP.close, payload: Buffer.concat([closePayload(1000), Buffer.from([0xff])]) })], code: 1007 },
];

/** Deep nesting: JSON.parse takes it, JSON.stringify of it would overflow the stack. */
const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Messages that are valid frames but no request; what the reply must match. */
const badMessages: { name: string; text: string; reply: Record<string, unknown> }[] = [
  ...['null', '1', '-0', '1e400', '"x"', 'true', '[]', '[1,{"id":1}]'].map((text) => ({ name: `JSON ${text}`, text, reply: { id: null, ok: false } })),
  ...['', '{', 'undefined', '\u0000', '{"id":1,}', "{'id':1}"].map((text) => ({ name: `not JSON: ${JSON.stringify(text)}`, text, reply: { id: null, ok: false } })),
  { name: 'an empty object', text: '{}', reply: { id: null, ok: false } },
  { name: 'an id only', text: '{"id":1}', reply: { id: 1, ok: false } },
  { name: 'a key that is a number', text: '{"id":2,"key":1,"input":{}}', reply: { id: 2, ok: false } },
  { name: 'a key that is an object', text: '{"id":"a","key":{"toString":1},"input":{}}', reply: { id: 'a', ok: false } },
  { name: 'an id that is an object', text: '{"id":{"x":1},"key":"app/info","input":{}}', reply: { id: null, ok: false } },
  { name: 'an id that is deeply nested', text: `{"id":${deep(50_000)},"key":"app/info","input":{}}`, reply: { id: null, ok: false } },
  { name: 'a huge numeric id', text: '{"id":1e308,"key":"app/info","input":{}}', reply: { id: 1e308, ok: true } },
  { name: 'an id of 100 kB', text: JSON.stringify({ id: 'i'.repeat(100_000), key: 'app/info', input: {} }), reply: { id: 'i'.repeat(100_000), ok: true } },
  { name: 'an unknown key beside the request', text: '{"id":3,"key":"app/info","input":{},"extra":1}', reply: { id: 3, ok: false } },
  { name: 'a __proto__ key beside the request', text: '{"id":4,"key":"app/info","input":{},"__proto__":{"polluted":1}}', reply: { id: 4, ok: false } },
  { name: 'a constructor key beside the request', text: '{"id":5,"key":"app/info","input":{},"constructor":{"prototype":{"polluted":1}}}', reply: { id: 5, ok: false } },
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', ''].map((key) => ({ name: `the request key ${JSON.stringify(key)}`, text: JSON.stringify({ id: 6, key, input: {} }), reply: { id: 6, ok: false } })),
  { name: 'a __proto__ path in the input', text: '{"id":7,"key":"maps/open","input":{"__proto__":{"path":"/etc/passwd"}}}', reply: { id: 7, ok: false } },
  { name: 'a deeply nested input', text: `{"id":8,"key":"maps/open","input":${deep(50_000)}}`, reply: { id: 8, ok: false } },
  { name: 'an input of the wrong type', text: '{"id":9,"key":"maps/open","input":"/etc/passwd"}', reply: { id: 9, ok: false } },
  { name: 'a missing input', text: '{"id":10,"key":"maps/open"}', reply: { id: 10, ok: false } },
];

describe('hostile WebSocket traffic', () => {
  const running = suiteServer();

  describe('frames', () => {
    it.each(badFrames.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const server = running();
      const socket = await RawWebSocket.open(server);
      for (const bytes of c.frames()) socket.send(bytes);
      const { code } = await socket.closeCode();
      socket.destroy();
      await assertUnharmed(server);
      expect(code).toBe(c.code);
    });

    it('answers a binary frame holding a request, and a message split in fragments', async () => {
      const server = running();
      const socket = await RawWebSocket.open(server);
      socket.send(frame({ opcode: OP.binary, payload: json({ id: 1, key: 'app/info', input: {} }) }));
      expect(JSON.parse((await socket.nextText()) ?? 'null')).toMatchObject({ id: 1, ok: true });
      socket.send(frame({ opcode: OP.text, payload: Buffer.from('{"id":2,"key":"app/'), fin: false }));
      socket.send(frame({ opcode: OP.ping, payload: Buffer.from('p') }));
      socket.send(frame({ opcode: OP.continuation, payload: Buffer.from('info","input":{}}') }));
      // The pong comes first (a control frame may interleave), then the reply.
      let reply = await socket.nextText();
      if (reply === undefined) reply = await socket.nextText();
      expect(JSON.parse(reply ?? 'null')).toMatchObject({ id: 2, ok: true });
      socket.destroy();
      await assertUnharmed(server);
    });
  });

  describe('messages', () => {
    it.each(badMessages.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const server = running();
      const reply = await socketCall(server, c.text, true).catch((error: unknown) => error);
      // First whether the server lives: a crash says more than the socket closing without a reply.
      await assertUnharmed(server);
      expect(reply).toMatchObject(c.reply);
      expect(reply).toSatisfy((r: { ok: boolean; error?: { message: string } }) => r.ok || /\S/.test(r.error?.message ?? ''));
    });

    it('was not polluted: a request without a path is still refused for want of one', async () => {
      const server = running();
      for (const c of badMessages) if (c.text.includes('__proto__') || c.text.includes('constructor')) await socketCall(server, c.text, true);
      const reply = await socketCall(server, { id: 1, key: 'maps/open', input: {} });
      expect(reply.ok).toBe(false);
      expect(reply.error?.message).toMatch(/path/);
      expect(reply.error?.message).not.toContain('/etc/passwd');
      await assertUnharmed(server);
    });

    it(`answers every seeded random value with exactly one reply (seed ${seed})`, async () => {
      const server = running();
      const random = seededRandom(seed);
      const keys = ['id', 'key', 'input', '__proto__', 'constructor', 'prototype', 'path', 'x', ''];
      const contractKeys = ['app/info', 'maps/open', 'jobs/list', 'jobs/cancel', 'nope', ''];
      const value = (depth: number): unknown => {
        const kind = random.int(depth > 3 ? 5 : 7);
        if (kind === 0) return null;
        if (kind === 1) return random.pick([0, -1, 1.5, 2 ** 53 + 1, -1e308, 1e-308]);
        if (kind === 2) return random.pick(['', 'x', '\u0000', '\ud800', '/etc/passwd', '../..', 'é'.repeat(random.int(50))]);
        if (kind === 3) return random.next() < 0.5;
        if (kind === 4) return random.pick(contractKeys);
        if (kind === 5) return Array.from({ length: random.int(4) }, () => value(depth + 1));
        return Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.pick(keys), value(depth + 1)]));
      };
      for (let i = 0; i < 60; i++) {
        const message = random.next() < 0.6 ? { id: i, key: random.pick(contractKeys), input: value(0) } : value(0);
        const text = JSON.stringify(message) ?? 'null';
        const reply = await socketCall(server, text, true).catch((error: unknown) => error);
        if (server.ended()) throw new Error(`message ${i} (seed ${seed}) ended the server: ${text}\n${server.ended()}`);
        expect(reply, `message ${i} (seed ${seed}): ${text}`).toHaveProperty('ok');
      }
      await assertUnharmed(server);
    });
  });
});
