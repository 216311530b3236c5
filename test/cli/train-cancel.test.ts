// Ctrl-C during `lcz train` after an epoch was saved: the run is on disk and resumable, and the message says where
// and how (it used to say "nothing was written").
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLcz } from '../helpers/lcz-cli';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-train-cancel-'));
const data = join(temp, 'train.h5');
const runDir = join(temp, 'run');

beforeAll(async () => {
  await writeSmallSo2Sat(data, { n: 200 });
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Epochs run.json records as done (0 until the run has written one). */
function epochsDone(): number {
  try {
    const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { members: { epochsDone: number }[] };
    return run.members[0]!.epochsDone;
  } catch {
    return 0; // not written yet
  }
}

describe('lcz train, interrupted', () => {
  it('says where the resumable run is and how to continue it', async () => {
    const run = startLcz({ cwd: temp, workspace: join(temp, 'ws'), timeoutMs: 180_000 }, 'train', '--train', data, '--member', 'tiny-cnn', '--epochs', '50', '--batch', '32', '--out', runDir);
    let ended = false;
    void run.done.finally(() => (ended = true));
    while (!ended && epochsDone() === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ended, 'the run ended before its first epoch was saved').toBe(false);
    run.child.kill('SIGINT'); // what Ctrl-C sends
    const result = await run.done;
    expect(result.status, result.stderr).toBe(130);
    const saved = epochsDone();
    expect(saved).toBeGreaterThan(0);
    expect(existsSync(join(runDir, 'members', '1', 'checkpoint'))).toBe(true);
    const last = result.stderr.trimEnd().split('\n').at(-1);
    expect(last).toBe(`lcz: training cancelled; the run is in ${runDir} with ${saved} of 50 epochs saved: continue it with lcz train --resume ${runDir}`);
    expect(result.stderr).not.toContain('nothing was written');
  }, 240_000);
});
