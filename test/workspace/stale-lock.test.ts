// A process killed while it holds a workspace file's lock (SIGKILL: no exit handler runs) leaves the lock folder and
// a half-written temp file behind. The next writer must take the lock over once it is stale, not wait for ever, and
// clear the leftovers.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { SceneSettingsStore } from '../../src/main/workspace/scene-settings-store';
import { Workspace } from '../../src/main/workspace/workspace';
import { settingsNumbered } from './writer-ops';

const temp = mkdtempSync(join(tmpdir(), 'lcz-stale-lock-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Starts a process that takes `file`'s lock, and resolves with it once it holds the lock mid-write. */
async function holder(file: string) {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, 'lock-holder.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout })) if (line === 'holding') return child;
  throw new Error(`the lock holder ended before it held the lock (exit ${child.exitCode})`);
}

describe('a lock left by a killed process', () => {
  it('is taken over by the next writer, who clears what the killed one left', async () => {
    const workspace = await Workspace.open(join(temp, 'ws'));
    const store = new SceneSettingsStore(workspace.sceneSettingsFile);
    await store.save(join(temp, 'before.tif'), settingsNumbered(0));
    const child = await holder(workspace.sceneSettingsFile);
    const killed = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await killed;
    expect(readdirSync(workspace.root).filter((n) => n.startsWith('scenes.json.lock') || n.endsWith('.tmp'))).toHaveLength(2);

    // Resolves once the lock went stale; never, or with "being written by another process", without stale detection.
    await store.save(join(temp, 'after.tif'), settingsNumbered(1));
    expect(await store.get(join(temp, 'before.tif'))).toEqual(settingsNumbered(0));
    expect(await store.get(join(temp, 'after.tif'))).toEqual(settingsNumbered(1));
    expect(existsSync(`${workspace.sceneSettingsFile}.lock`)).toBe(false);
    expect(readdirSync(workspace.root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
