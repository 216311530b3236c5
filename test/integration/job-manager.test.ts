import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobManager } from '../../src/main/jobs/job-manager';
import { demoMapPath } from '../../src/main/paths';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-jobs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

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
});
