// writeFileAtomic under the system's strace: the system calls it makes are the only proof of what reaches the disk
// in which order. A power cut after the rename must not leave the new name on an empty file (the temp file is
// synced before it is renamed), and a crash before the rename must leave the old file whole.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandAbsent, missing } from '../helpers/missing';

const STRACE = '/usr/bin/strace';
const straceMissing = missing(commandAbsent(STRACE, 'apt-get install strace'));

const temp = mkdtempSync(join(tmpdir(), 'lcz-atomic-write-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const WRITER = join(import.meta.dirname, 'atomic-writer.ts');

/** Runs the writer under strace; its trace as lines "<call>(<args>) = <result>", in the order the kernel saw them. */
function traced(target: string, text: string, ...straceArgs: string[]): { status: number | null; signal: string | null; calls: string[] } {
  const log = join(temp, `trace-${Date.now()}.log`);
  const run = spawnSync(
    STRACE,
    ['-f', '-qq', '-o', log, '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2', ...straceArgs, process.execPath, '--import', import.meta.resolve('tsx'), WRITER, target, text],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (run.error) throw run.error;
  // A call that another thread interrupts is logged in two parts ("<unfinished ...>", "<... name resumed>"): joined
  // here, at the place where it ended.
  const calls: string[] = [];
  const pending = new Map<string, string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const [, pid, call] = /^(\d+)\s+(.*)$/.exec(line) ?? [];
    if (!pid || !call) continue;
    if (call.endsWith('<unfinished ...>')) pending.set(pid, call.slice(0, -'<unfinished ...>'.length).trimEnd());
    else if (call.startsWith('<... ')) {
      calls.push(`${pending.get(pid) ?? ''}${call.replace(/^<\.\.\. \w+ resumed>\s*/, '')}`);
      pending.delete(pid);
    } else calls.push(call);
  }
  return { status: run.status, signal: run.signal, calls };
}

describe.skipIf(straceMissing)('writeFileAtomic', () => {
  it('syncs the temp file before the rename, and the folder after it', () => {
    const target = join(temp, 'synced.json');
    const { status, calls } = traced(target, '{"a": 1}');
    expect(status).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('{"a": 1}');
    const open = calls.findIndex((c) => c.startsWith('openat(') && /\.synced\.json\.[0-9a-f]+\.tmp"/.test(c));
    expect(open, calls.join('\n')).toBeGreaterThanOrEqual(0);
    const fd = /= (\d+)$/.exec(calls[open]!)![1];
    const rename = calls.findIndex((c) => /^rename(at2?)?\(.*synced\.json"/.test(c));
    const sync = calls.findIndex((c, i) => i > open && new RegExp(`^f(data)?sync\\(${fd}\\)`).test(c));
    expect(sync, 'the temp file is never synced').toBeGreaterThan(open);
    expect(sync, 'the temp file is synced only after the rename').toBeLessThan(rename);
    const folder = calls.findIndex((c, i) => i > rename && c.startsWith('openat(') && c.includes(`"${temp}"`));
    expect(folder, 'the folder is not opened after the rename').toBeGreaterThan(rename);
    const folderFd = /= (\d+)$/.exec(calls[folder]!)![1];
    expect(calls.slice(folder).some((c) => new RegExp(`^fsync\\(${folderFd}\\)`).test(c)), 'the folder is not synced after the rename').toBe(true);
  });

  it('leaves the old file whole when the writer dies just before the rename', () => {
    const target = join(temp, 'old.json');
    writeFileSync(target, '{"version": "old"}');
    // strace kills the writer as it asks for its first rename, which is writeFileAtomic's (neither Node nor tsx renames
    // anything on start; the leftover's contents below prove it): the new contents are written, the name not moved.
    const { signal } = traced(target, '{"version": "new"}', '-e', 'inject=rename,renameat,renameat2:signal=SIGKILL');
    expect(signal).toBe('SIGKILL');
    expect(readFileSync(target, 'utf8')).toBe('{"version": "old"}');
    const leftovers = readdirSync(temp).filter((name) => name.startsWith('.old.json.'));
    expect(leftovers.map((name) => readFileSync(join(temp, name), 'utf8'))).toEqual(['{"version": "new"}']);
  });
});
