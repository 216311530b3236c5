// `lcz serve --port`: a port in use is one line, not a stack trace; a port that is not a whole number 0-65535 (as
// typed, whole) is refused rather than read as its leading digits ("80x" used to bind port 80).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLcz } from '../helpers/lcz-cli';

const workspace = mkdtempSync(join(tmpdir(), 'lcz-serve-port-'));
// A server that starts anyway is killed (after long enough for a loaded machine): a refusal must end the command by
// itself.
const options = { workspace, timeoutMs: 120_000 };
const TEST_MS = 180_000;
let busy: Server;
let port: number;

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(workspace, { recursive: true, force: true });
});

describe.concurrent('lcz serve --port', () => {
  it('says in one line that a port is in use', async () => {
    const run = await startLcz(options, 'serve', '--port', String(port)).done;
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toBe(`lcz: port ${port} is in use; choose another or leave --port out\n`);
    expect(run.stdout).toBe('');
  }, TEST_MS);

  for (const typed of ['80x', '65536', '8.5', '0x50', '1e3', ' 80']) {
    it(`refuses "${typed}"`, async () => {
      const run = await startLcz(options, 'serve', '--port', typed).done;
      expect(run.signal, 'the server started').toBeNull();
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`argument '${typed}' is invalid. give a whole number from 0 to 65535`);
      expect(run.stdout).toBe('');
    }, TEST_MS);
  }
});
