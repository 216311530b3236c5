import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { JobManager } from '../../src/main/jobs/job-manager';
import { demoMapPath } from '../../src/main/paths';
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
    if (record.state === 'failed') expect(record.reason).toMatch(/crashed.*SIGKILL/);
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
});
