import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/api/core';
import { Workspace } from '../../src/main/workspace/workspace';
import { UserError } from '../../src/shared/errors';

// models/comparison, the request the Distillation view reads a compare-models report with: a folder without its
// report, or with a damaged one, is refused with one message naming it. (A real report is read in the e2e spec.)
describe('models/comparison', () => {
  let root: string;
  let core: Core;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lcz-model-comparison-'));
    core = new Core({ face: 'browser', version: 'test', workspace: await Workspace.open(join(root, 'ws')) });
  });
  afterAll(async () => {
    await core.jobs.stopAll();
    rmSync(root, { recursive: true, force: true });
  });

  it('says a folder with no report.json holds no comparison', async () => {
    const dir = join(root, 'unfinished');
    mkdirSync(dir);
    const error = await core.handle('models/comparison', { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`${dir}: is not a model comparison (it has no report.json: a comparison that was cancelled, failed or still runs leaves none)`);
  });

  it('names a damaged report and what is wrong in it', async () => {
    const dir = join(root, 'damaged');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.json'), '{"data": "test.h5"');
    await expect(core.handle('models/comparison', { dir })).rejects.toThrow(`${join(dir, 'report.json')}: is damaged: it is not valid JSON`);
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ data: 'test.h5', patches: 0 }));
    await expect(core.handle('models/comparison', { dir })).rejects.toThrow(/report\.json: is damaged: patches: .*; fitOn: /);
  });
});
