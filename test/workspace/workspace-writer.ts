/**
 * Run as a process of its own by the workspace tests: one app, server or CLI writing to a shared workspace through
 * the public Workspace and SceneSettingsStore methods. It reads its operations as JSON from argv, says "ready", waits
 * for "go" on stdin (so that every writer starts at once), runs them `concurrency` at a time, and prints one JSON
 * line per operation that resolved ({"ok": i}) or rejected ({"failed": i, "message": ...}).
 */
import { createInterface } from 'node:readline';
import { SceneSettingsStore } from '../../src/main/workspace/scene-settings-store';
import { Workspace } from '../../src/main/workspace/workspace';
import type { WriterJob } from './writer-ops';

const job = JSON.parse(process.argv[2] ?? '') as WriterJob;
const workspace = await Workspace.open(job.root);
const scenes = new SceneSettingsStore(workspace.sceneSettingsFile);

async function run(i: number): Promise<void> {
  const op = job.ops[i]!;
  try {
    if (op.kind === 'remember') await workspace.rememberMap(op.path);
    else if (op.kind === 'save') await scenes.save(op.scene, op.settings);
    else if (op.kind === 'read-recent') await workspace.recentMaps();
    else await scenes.get(op.scene);
    process.stdout.write(`${JSON.stringify({ ok: i })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ failed: i, message: (error as Error).message })}\n`);
  }
}

process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
lines.close();
let next = 0;
await Promise.all(
  Array.from({ length: Math.max(1, job.concurrency) }, async () => {
    while (next < job.ops.length) await run(next++);
  }),
);
