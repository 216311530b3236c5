import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lczCli } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-demo-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const lcz = lczCli();

describe('lcz demo', () => {
  it('writes the synthetic scene and its true LCZ map, prints both paths and exits 0', () => {
    const out = join(temp, 'demo');
    const run = lcz('demo', '--out', out, '--size', '30', '--seed', '5');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([join(out, 'synthetic-city-s2.tif'), join(out, 'synthetic-city-truth.tif')]);
    expect(readdirSync(out).sort()).toEqual(['synthetic-city-s2.tif', 'synthetic-city-truth.qml', 'synthetic-city-truth.tif']);
    expect(run.stderr).toContain('Rendering scene'); // the progress (plain lines when stderr is not a terminal)
  });

  it('fails with a message naming a bad --out folder, and writes nothing', () => {
    const file = join(temp, 'a-file');
    writeFileSync(file, 'not a folder');
    const missing = join(temp, 'no', 'such', 'folder');
    for (const bad of [file, missing]) {
      const run = lcz('demo', '--out', bad, '--size', '10');
      expect(run.status, bad).toBe(1);
      expect(run.stderr).toContain(`lcz: ${bad}: the output folder`);
      expect(run.stderr).not.toContain('    at ');
    }
    expect(existsSync(join(temp, 'no'))).toBe(false);
  });

  it('refuses a size out of range or not a number', () => {
    expect(lcz('demo', '--out', temp, '--size', '5').stderr).toMatch(/size is 5 cells.*10 to 2000/);
    const words = lcz('demo', '--out', temp, '--size', 'big');
    expect(words.status).not.toBe(0);
    expect(words.stderr).toContain("'--size <cells>' argument 'big' is invalid");
  });
});
