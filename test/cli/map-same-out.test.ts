// Two `lcz map` runs on one --out: the second is refused at its start, naming the process writing there, and the
// first completes untouched (before, the second deleted the first's staging folder and the first failed with a
// message about it). A later run on the finished folder replaces the result, as it always did.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITER_FILE } from '../../src/main/files/folder-lock';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { startLcz } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-map-same-out-'));
const out = join(temp, 'result');
const options = { cwd: temp, workspace: join(temp, 'ws'), timeoutMs: 120_000 };
let scene: string;

beforeAll(async () => {
  ({ scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 4, size: 30 }));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The process named in the folder's writer file, once the mapping has written it. */
async function writerOf(dir: string, first: Promise<unknown>): Promise<number> {
  let ended = false;
  void first.finally(() => (ended = true));
  const file = join(dir, WRITER_FILE);
  while (!ended) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text.endsWith('\n')) return (JSON.parse(text) as { pid: number }).pid;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the first mapping ended without ever naming itself in ${file}`);
}

describe('lcz map twice on one --out', () => {
  it('refuses the second while the first writes, lets the first finish, and replaces the result afterwards', async () => {
    const first = startLcz(options, 'map', '--scene', scene, '--out', out);
    const pid = await writerOf(out, first.done);
    // The first is held still (its job process stopped) so that the second certainly meets it at work.
    process.kill(pid, 'SIGSTOP');
    try {
      const second = await startLcz(options, 'map', '--scene', scene, '--out', out).done;
      expect(second.status, second.stderr).toBe(1);
      expect(second.stderr).toBe(`lcz: ${out}: another mapping is writing to this folder (process ${pid}); wait for it to end or choose another folder\n`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const done = await first.done;
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain(join(out, 'summary.json'));
    const id = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { id: string }).id;
    // Nothing of the writers is left: no writer file, no staging folder.
    expect(readdirSync(out).filter((name) => name.startsWith('.'))).toEqual([]);

    const again = await startLcz(options, 'map', '--scene', scene, '--out', out).done;
    expect(again.status, again.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { id: string }).id).not.toBe(id);
  }, 240_000);
});
