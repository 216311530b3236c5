// A result folder holds one result: a single model mapped into an old ensemble's folder leaves no disagreement
// layer of the old members behind; a damaged summary.json is reported by name when the result is opened.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SO2SAT_S2_BANDS } from '../../src/shared/bands';
import type { ResultSummary, SceneSettings } from '../../src/shared/contract';
import { UserError } from '../../src/shared/errors';
import { ResultsService } from '../../src/main/api/results-service';
import { readSummary } from '../../src/main/mapping/read-summary';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { Workspace } from '../../src/main/workspace/workspace';
import { randomBundle } from '../helpers/bundles';
import { outputsOf, runJob } from '../helpers/jobs';

const SETTINGS: SceneSettings = { sensor: 'sentinel-2', bands: [...SO2SAT_S2_BANDS], scale: 1e-4, offset: 0 };

describe('result folders', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-result-files-'));
  let scene: string;
  let one: string;
  let two: string;
  const map = async (bundles: string[], outDir: string) =>
    outputsOf(await runJob({ kind: 'map', params: { scene, settings: SETTINGS, bundles, outDir, resolutionM: 100, tta: false, filter: false, truth: null } }));

  beforeAll(async () => {
    ({ scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 2, size: 12 }));
    one = await randomBundle(join(temp, 'one'), { seed: 1, widths: [4] });
    two = await randomBundle(join(temp, 'two'), { seed: 2, widths: [4] });
  }, 60_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('drops an old ensemble disagreement layer when a single model is mapped into the same folder', async () => {
    const dir = join(temp, 'result');
    await map([one, two], dir);
    expect(readdirSync(dir)).toContain('disagreement.tif');
    const files = await map([one], dir);
    expect(readdirSync(dir)).not.toContain('disagreement.tif');
    expect(files.some((f) => f.endsWith('disagreement.tif'))).toBe(false);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as ResultSummary;
    expect(summary.files.disagreement).toBeNull();
    expect(summary.models).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('.staging'))).toEqual([]);
  });

  it('names summary.json and the problem when it is not JSON, and leaves such a folder out of the list', async () => {
    const root = join(temp, 'workspace');
    const workspace = await Workspace.open(root);
    const dir = join(workspace.resultsDir, 'damaged');
    await map([one], dir);
    const file = join(dir, 'summary.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200)); // cut short, as a full disk leaves it
    const error = await readSummary(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/is damaged: it is not valid JSON \(.+\)/);
    const results = new ResultsService(workspace);
    await expect(results.openResult(dir)).rejects.toThrow(file);
    expect(await results.list()).toEqual([]);
    expect(existsSync(file)).toBe(true); // reported, not deleted: the user decides
  });
});
