// A cancelled demo-scene job leaves nothing it created: not its files, not the folder it made for them; a folder that
// was there before stays.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobManager } from '../../src/main/jobs/job-manager';

const temp = mkdtempSync(join(tmpdir(), 'lcz-demo-cancel-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Starts a demo scene big enough to take seconds, cancels it once it is writing, and returns how it ended. */
async function cancelWhileWriting(outDir: string): Promise<string> {
  const jobs = new JobManager();
  const id = jobs.start({ kind: 'demo-scene', params: { outDir, size: 400 } });
  await new Promise<void>((resolve) => {
    const listener = (r: { id: string; progress: { done: number } | null }) => {
      if (r.id !== id || !r.progress || r.progress.done === 0) return;
      jobs.off('update', listener);
      resolve();
    };
    jobs.on('update', listener);
  });
  expect(existsSync(outDir), 'the job has made its folder').toBe(true);
  jobs.cancel(id);
  return (await jobs.wait(id)).state;
}

describe('a cancelled demo scene', () => {
  it('removes the folder it made', async () => {
    const outDir = join(temp, 'new', 'demo');
    mkdirSync(join(temp, 'new'));
    expect(await cancelWhileWriting(outDir)).toBe('cancelled');
    expect(readdirSync(join(temp, 'new'))).toEqual([]);
  }, 60_000);

  it('leaves a folder that was there before, empty as it was', async () => {
    const outDir = join(temp, 'existing');
    mkdirSync(outDir);
    expect(await cancelWhileWriting(outDir)).toBe('cancelled');
    expect(readdirSync(outDir)).toEqual([]);
  }, 60_000);
});
