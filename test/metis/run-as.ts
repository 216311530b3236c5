/**
 * Runs a TypeScript snippet's default export in a child Node process as another user (root only: the test runs as
 * root here, and root may open any file, so "permission denied" can only be seen by someone else). The snippet gets
 * JSON arguments and its result comes back as JSON.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOBODY = 65534;
export const IS_ROOT = process.getuid?.() === 0;

export function runAs<T>(dir: string, uid: number, gid: number, module: string, exportName: string, args: unknown[]): T {
  const script = join(dir, `run-as-${exportName}.mts`);
  writeFileSync(script, `import { ${exportName} } from ${JSON.stringify(module)};\nconst result = await ${exportName}(...${JSON.stringify(args)});\nprocess.stdout.write(JSON.stringify(result));\n`);
  chmodSync(script, 0o644);
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script], { uid, gid, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
  if (r.status !== 0) throw new Error(`the child as uid ${uid} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
