// Importing a bare ONNX classifier through the core, as any face does (the CLI's prompts and flags are its words for
// the same requests): the plan names what is missing by answer keys, never by a face's flags; an import without a
// folder lands in the workspace's bundles, where bundles/list finds it for mapping.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/api/core';
import { demoBundlePath } from '../../src/main/paths';
import { Workspace } from '../../src/main/workspace/workspace';
import type { ContractKey, InputOf, OutputOf } from '../../src/shared/contract';

const temp = mkdtempSync(join(tmpdir(), 'lcz-model-import-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let core: Core;
let workspace: Workspace;
const ask = async <K extends ContractKey>(key: K, input: InputOf<K>) => (await core.handle(key, input)) as OutputOf<K>;
/** A PyTorch-like export as it comes: the demo bundle's model, without its manifest. */
const model = join(demoBundlePath(), 'model.onnx');

beforeAll(async () => {
  workspace = await Workspace.open(join(temp, 'workspace'));
  core = new Core({ face: 'browser', version: 'test', workspace });
});

describe('bundles/import-plan and bundles/import', () => {
  it('asks for what the file cannot say, by answer keys', async () => {
    const plan = await ask('bundles/import-plan', { path: model, answers: {} });
    expect(plan.fileName).toBe('model.onnx');
    expect(plan.missing.map((q) => [q.key, q.answeredBy])).toEqual([
      ['bands', [['bands'], ['so2sat']]],
      ['normalisation', [['mean', 'std'], ['so2sat'], ['noNormalisation']]],
    ]);
    expect(JSON.stringify(plan), 'no flag of any face').not.toMatch(/--/);
    expect((await ask('bundles/import-plan', { path: model, answers: { so2sat: true } })).missing).toEqual([]);
  });

  it('refuses a bundle folder that cannot be written before it reads the model', async () => {
    await expect(ask('bundles/import-plan', { path: join(temp, 'none.onnx'), out: join('/proc', 'self', 'bundle'), answers: {} })).rejects.toThrow(/special filesystem/);
  });

  it('imports into a new folder of the workspace when none is given, and the bundle is listed for mapping', async () => {
    const imported = await ask('bundles/import', { path: model, answers: { so2sat: true, name: 'Imported demo' } });
    expect(dirname(imported.dir)).toBe(workspace.bundlesDir);
    expect(existsSync(join(imported.dir, 'manifest.json'))).toBe(true);
    const { bundles } = await ask('bundles/list', {});
    expect(bundles.find((b) => b.dir === imported.dir)?.name).toBe('Imported demo');
  });
});
