// Ctrl-C during `lcz compare`: the comparison stops between row ranges, says nothing was written, and leaves no
// folder (nor a staging folder) behind.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLargeMap } from '../compare/large-maps';
import { startLcz } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-compare-cancel-'));
const out = join(temp, 'out');

beforeAll(async () => {
  // 6 M cells, B on a grid half a cell off (resampled): seconds of work, so the interrupt lands in the middle.
  await Promise.all([writeLargeMap(join(temp, 'a.tif'), 2500, 1), writeLargeMap(join(temp, 'b.tif'), 2500, 2, 0.5)]);
}, 120_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('lcz compare, interrupted', () => {
  it('cancels through the core, exits 130 and leaves nothing', async () => {
    const run = startLcz({ cwd: temp, workspace: join(temp, 'ws'), timeoutMs: 180_000 }, 'compare', '--a', 'a.tif', '--b', 'b.tif', '--out', out);
    let stderr = '';
    run.child.stderr!.on('data', (text: string) => (stderr += text));
    let ended = false;
    void run.done.finally(() => (ended = true));
    // Non-TTY progress: one line per stage; the first says the comparison is reading rows.
    while (!ended && !stderr.includes('Comparing…')) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended, 'the comparison ended before it was interrupted').toBe(false);
    run.child.kill('SIGINT'); // what Ctrl-C sends
    const result = await run.done;
    expect(result.status, result.stderr).toBe(130);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('lcz: comparison cancelled; nothing was written.');
    expect(existsSync(out)).toBe(false);
  }, 240_000);
});
