// `lcz serve` serves the built renderer (npm run build makes out/renderer). From a checkout that was never built it
// must say so in one line, with what to run, instead of an internal error about a missing folder. The app here is a
// copy of the sources without out/ (the repo's own build is shared with other tests and must stay).
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-serve-no-build-'));
const app = join(temp, 'app');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(() => {
  for (const entry of ['src', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json']) cpSync(join(REPO_ROOT, entry), join(app, entry), { recursive: true });
  mkdirSync(join(app, 'resources')); // what marks the app's folder (paths.ts); serve needs nothing in it
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(app, 'node_modules'));
});

describe('lcz serve without a build', () => {
  it('says in one line to run npm run build, and serves nothing', () => {
    const run = spawnSync(process.execPath, [join(app, 'bin', 'lcz.mjs'), 'serve'], {
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
      env: { ...process.env, LCZ_WORKSPACE: join(temp, 'workspace') },
    });
    expect(run.signal, `it started serving: ${run.stdout}`).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`lcz: browser mode serves the built app, and there is no build (${join(app, 'out', 'renderer')} is missing): run \`npm run build\` first\n`);
    expect(run.stdout).toBe('');
  }, 150_000);
});
