import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultHeavyJobLimit } from '../../src/main/jobs/job-limits';
import { JobManager } from '../../src/main/jobs/job-manager';
import { demoMapPath } from '../../src/main/paths';
import { jobRecordSchema, type JobRecord } from '../../src/shared/contract';
import { writeLargeLczMap } from '../helpers/large-lcz-map';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-jobs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Whether a process is still running; a zombie (dead, not yet reaped by whoever adopted it) counts as gone. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (condition()) return true;
  }
  return condition();
}

function firstLine(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
    stream.on('end', () => reject(new Error(`no line before the end: ${text}`)));
  });
}

/** A map whose export takes seconds (on two shared cores), and an empty folder for the product. */
async function slowExport(): Promise<{ input: string; outDir: string }> {
  const dir = tempDir();
  const input = join(dir, 'large.tif');
  await writeLargeLczMap(input, 5000);
  const outDir = join(dir, 'out');
  mkdirSync(outDir);
  return { input, outDir };
}

describe('JobManager', () => {
  it('runs an export in a child process with progress and ends succeeded with its outputs', async () => {
    const jobs = new JobManager();
    const updates: string[] = [];
    jobs.on('update', (r) => updates.push(r.state));
    const output = join(tempDir(), 'demo.tif');
    const id = jobs.start({ kind: 'export-map', params: { input: demoMapPath(), output, overviewResampling: 'mode' } });
    const record = await jobs.wait(id);
    expect(record.state).toBe('succeeded');
    if (record.state !== 'succeeded') return;
    expect(record.outputs).toEqual([output, output.replace(/\.tif$/, '.qml')]);
    expect(existsSync(output)).toBe(true);
    expect(record.progress).not.toBeNull();
    expect(updates[0]).toBe('running');
    expect(updates.at(-1)).toBe('succeeded');
  });

  it('reports a failure with the reason, naming the file', async () => {
    const jobs = new JobManager();
    const id = jobs.start({ kind: 'export-map', params: { input: '/nonexistent/map.tif', output: join(tempDir(), 'x.tif'), overviewResampling: 'mode' } });
    const record = await jobs.wait(id);
    expect(record.state).toBe('failed');
    if (record.state === 'failed') expect(record.reason).toContain('/nonexistent/map.tif');
  });

  it('cancels a job and leaves nothing behind', async () => {
    const jobs = new JobManager();
    const dir = tempDir();
    const id = jobs.start({ kind: 'export-map', params: { input: demoMapPath(), output: join(dir, 'c.tif'), overviewResampling: 'mode' } });
    expect(jobs.cancel(id)).toBe(true);
    const record = await jobs.wait(id);
    expect(record.state).toBe('cancelled');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('survives a job process that crashes, and says so', async () => {
    const jobs = new JobManager();
    const id = jobs.start({ kind: 'export-map', params: { input: demoMapPath(), output: join(tempDir(), 'k.tif'), overviewResampling: 'mode' } });
    process.kill(jobs.pidOf(id)!, 'SIGKILL');
    const record = await jobs.wait(id);
    expect(record.state).toBe('failed');
    if (record.state === 'failed') expect(record.reason).toMatch(/killed \(SIGKILL\)/);
    expect(jobs.list().find((r) => r.id === id)?.state).toBe('failed');
  });

  it('stopAll cancels the running jobs and resolves only once their processes have exited, leaving no outputs', async () => {
    const { input, outDir } = await slowExport();
    const jobs = new JobManager();
    const id = jobs.start({ kind: 'export-map', params: { input, output: join(outDir, 's.tif'), overviewResampling: 'mode' } });
    const pid = jobs.pidOf(id)!;
    await new Promise<void>((resolve) => jobs.on('update', (r) => r.id === id && r.progress && resolve()));
    await jobs.stopAll();
    expect(isRunning(pid), 'the job process has exited when stopAll resolves').toBe(false);
    expect(jobs.list().find((r) => r.id === id)?.state).toBe('cancelled');
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('a job whose parent is killed stops by itself, running its own cleanup: no outputs, no temp files', async () => {
    const { input, outDir } = await slowExport();
    const parent = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, '..', 'helpers', 'job-parent.ts'), input, join(outDir, 'p.tif')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { pid } = JSON.parse(await firstLine(parent.stdout)) as { pid: number };
    expect(isRunning(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitFor(() => !isRunning(pid), 30_000), 'the orphaned job process went away').toBe(true);
    // Without the parent's cancel, an orphan would have finished the export and left the product behind.
    expect(readdirSync(outDir)).toEqual([]);
  });

  describe('the queue of heavy jobs', () => {
    /** The smallest synthetic scene: a real heavy job that ends in seconds. */
    const demoScene = (outDir: string) => ({ kind: 'demo-scene' as const, params: { outDir, size: 10 } });
    const stateOf = (jobs: JobManager, id: string) => {
      const record = jobs.list().find((r) => r.id === id)!;
      return record.state === 'queued' ? `queued ${record.position}` : record.state;
    };

    it('runs heavy jobs past the limit in turn: queued with their place, a queued one cancelled without a process, the rest in order', async () => {
      const limit = 1;
      const jobs = new JobManager({ heavyLimit: limit });
      const updates: JobRecord[] = [];
      jobs.on('update', (r) => updates.push(r));
      const dir = tempDir();
      const ids = [0, 1, 2].map((i) => jobs.start(demoScene(join(dir, `scene-${i}`))));

      // limit + 2 jobs: the first runs, the others wait with their place, visible in the list and in the updates.
      expect(ids.map((id) => stateOf(jobs, id))).toEqual(['running', 'queued 1', 'queued 2']);
      expect(jobs.pidOf(ids[1]!)).toBeUndefined();
      expect(updates.map((r) => [r.id, r.state])).toEqual([[ids[0], 'running'], [ids[1], 'queued'], [ids[2], 'queued']]);
      for (const record of jobs.list()) expect(jobRecordSchema.parse(record)).toEqual(record);

      // A light job is not held back by the queue.
      const exportId = jobs.start({ kind: 'export-map', params: { input: demoMapPath(), output: join(dir, 'light.tif') } });
      expect(stateOf(jobs, exportId)).toBe('running');

      // Cancelling a queued job ends it at once, and the one behind moves up.
      expect(jobs.cancel(ids[1]!)).toBe(true);
      expect(stateOf(jobs, ids[1]!)).toBe('cancelled');
      expect(stateOf(jobs, ids[2]!)).toBe('queued 1');
      expect(updates.at(-1)).toMatchObject({ id: ids[2], state: 'queued', position: 1 });

      const finals = await Promise.all([...ids, exportId].map((id) => jobs.wait(id)));
      expect(finals.map((r) => r.state)).toEqual(['succeeded', 'cancelled', 'succeeded', 'succeeded']);
      const at = (id: string, state: string) => updates.findIndex((r) => r.id === id && r.state === state);
      expect(at(ids[2]!, 'running'), 'the third started only once the first had ended').toBeGreaterThan(at(ids[0]!, 'succeeded'));
      expect(at(ids[1]!, 'running'), 'the cancelled job never ran').toBe(-1);
      expect(existsSync(join(dir, 'scene-1')), 'the cancelled job wrote nothing').toBe(false);
      expect(existsSync(join(dir, 'scene-2'))).toBe(true);

      // Replayed, the updates never show more heavy jobs running than the limit.
      const running = new Set<string>();
      let most = 0;
      for (const r of updates.filter((u) => u.kind !== 'export-map')) {
        if (r.state === 'running') running.add(r.id);
        else running.delete(r.id);
        most = Math.max(most, running.size);
      }
      expect(most).toBe(limit);
    }, 180_000);

    it('stopAll ends the queued jobs without starting them, and cancels the running one', async () => {
      const jobs = new JobManager({ heavyLimit: 1 });
      const dir = tempDir();
      const ids = [0, 1].map((i) => jobs.start(demoScene(join(dir, `scene-${i}`))));
      const started: string[] = [];
      jobs.on('update', (r) => r.state === 'running' && started.push(r.id));
      expect(stateOf(jobs, ids[1]!)).toBe('queued 1');
      await jobs.stopAll();
      expect(ids.map((id) => stateOf(jobs, id))).toEqual(['cancelled', 'cancelled']);
      expect(started).not.toContain(ids[1]);
      expect(existsSync(join(dir, 'scene-1')), 'the queued job wrote nothing').toBe(false);
    });

    it('allows half the cores, and at least 2, by default', () => {
      expect([1, 2, 3, 4, 8, 16].map((cores) => defaultHeavyJobLimit(cores))).toEqual([2, 2, 2, 2, 4, 8]);
      expect(new JobManager().heavyLimit).toBe(defaultHeavyJobLimit());
    });
  });
});
