// A job whose process dies says why, as far as the OS tells: real job processes, ended by a real signal, a real
// JavaScript heap that is too small, a real non-zero exit with words on stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EndedJobRecord } from '../../src/shared/contract';
import { crashReason, StreamTail, STDERR_TAIL_BYTES } from '../../src/main/jobs/crash-reason';
import { JobManager } from '../../src/main/jobs/job-manager';
import { demoMapPath } from '../../src/main/paths';

const temp = mkdtempSync(join(tmpdir(), 'lcz-crash-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const exportJob = (name: string) => ({ kind: 'export-map' as const, params: { input: demoMapPath(), output: join(temp, `${name}.tif`) } });

function reasonOf(record: EndedJobRecord): string {
  if (record.state !== 'failed') throw new Error(`the job ${record.state}, it did not fail`);
  return record.reason;
}

/** Sends `signal` to a job's process as soon as it runs, and returns how the job ended. */
async function signalled(signal: NodeJS.Signals): Promise<string> {
  const jobs = new JobManager();
  const id = jobs.start(exportJob(signal));
  process.kill(jobs.pidOf(id)!, signal);
  return reasonOf(await jobs.wait(id));
}

/**
 * Runs an export job whose process gets `nodeOptions` (NODE_OPTIONS reaches the job processes the manager forks,
 * not this one, which has started already).
 */
async function withNodeOptions(nodeOptions: string): Promise<string> {
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = nodeOptions;
  try {
    const jobs = new JobManager();
    const id = jobs.start(exportJob('options'));
    return reasonOf(await jobs.wait(id));
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
}

describe('a crashed job says why', () => {
  it('killed by SIGKILL: most likely out of memory, said as a likelihood', async () => {
    expect(await signalled('SIGKILL')).toBe('The job process was killed (SIGKILL): most likely the system ran out of memory and stopped it.');
  });

  it('a segmentation fault, in words', async () => {
    expect(await signalled('SIGSEGV')).toBe('The job process crashed (segmentation fault).');
  });

  it('a JavaScript heap too small for the job: ran out of memory (JavaScript heap)', async () => {
    // 8 MB of heap cannot even hold the job's code: V8 stops the process as it stops a job that outgrows its heap.
    const reason = await withNodeOptions('--max-old-space-size=8');
    expect(reason).toMatch(/^The job ran out of memory \(JavaScript heap\)/);
  });

  it('a non-zero exit quotes the last lines the process wrote to stderr, not all of them', async () => {
    // A preload that writes a long stderr, then its last words, and exits with code 3 before the job runs.
    const script = "process.stderr.write('.'.repeat(6000)+'\\n'+'one\\ntwo\\nthree\\nfour\\nfive\\nlast words\\n');process.exit(3)";
    const reason = await withNodeOptions(`--import=data:text/javascript,${encodeURIComponent(script)}`);
    expect(reason).toBe('The job process exited with code 3. Its last error output:\ntwo\nthree\nfour\nfive\nlast words');
  });
});

describe('StreamTail', () => {
  it('keeps the last bytes of a stream, from a whole line', () => {
    const tail = new StreamTail();
    for (let i = 0; i < 1000; i++) tail.push(Buffer.from(`line ${i}\n`));
    const text = tail.text();
    expect(text.length).toBeLessThanOrEqual(STDERR_TAIL_BYTES);
    expect(text.length).toBeGreaterThan(STDERR_TAIL_BYTES - 20);
    expect(text.endsWith('line 999\n')).toBe(true);
    expect(text.split('\n')[0]).toMatch(/^line \d+$/);
  });

  it('remembers V8\'s heap-full line after the native stack trace behind it has pushed it out of the tail', () => {
    const tail = new StreamTail();
    // The line split between two chunks, as a pipe may deliver it, then V8's stack trace, longer than the tail.
    tail.push(Buffer.from('\n<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript he'));
    tail.push(Buffer.from('ap out of memory\n----- Native stack trace -----\n'));
    for (let i = 1; i < 200; i++) tail.push(Buffer.from(`${i}: 0x122bca1 v8::internal::JsonParser<unsigned char>::ParseJson [/usr/bin/node]\n`));
    expect(tail.text()).not.toMatch(/heap out of memory/);
    expect(tail.heapFull).toBe(true);
    expect(crashReason({ code: null, signal: 'SIGABRT', stderr: tail.text(), heapFull: tail.heapFull })).toMatch(/^The job ran out of memory \(JavaScript heap\)/);
  });

  it('keeps a short stream whole', () => {
    const tail = new StreamTail();
    tail.push(Buffer.from('only\n'));
    expect(tail.text()).toBe('only\n');
  });
});
