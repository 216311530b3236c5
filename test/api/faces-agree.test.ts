// The lcz command is a face of the same core as the app: for the same question, `lcz` (a real process, its printed
// answer) and Core.handle (as the app and browser mode ask) must give the same answer. A CLI that computed anything
// itself (statistics, metrics, a scene's settings) would drift from the app; these comparisons catch it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../src/main/api/core';
import { demoMapPath } from '../../src/main/paths';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { Workspace } from '../../src/main/workspace/workspace';
import type { ContractKey, InputOf, OutputOf, ResultSummary, SceneView } from '../../src/shared/contract';
import { lczCli } from '../helpers/lcz-cli';

const temp = mkdtempSync(join(tmpdir(), 'lcz-faces-agree-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The CLI and the core share one workspace, as the app and `lcz` on one machine do. */
const workspace = join(temp, 'workspace');
const lcz = lczCli({ cwd: temp, workspace, timeoutMs: 300_000 });

let core: Core;
/** A request as the app makes it. */
const ask = async <K extends ContractKey>(key: K, input: InputOf<K>) => (await core.handle(key, input)) as OutputOf<K>;

/** An answer as it crosses a face: JSON (the CLI prints it, browser mode sends it). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The one line of JSON a command printed. */
function jsonOf(run: ReturnType<typeof lcz>): unknown {
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines, 'one line of JSON').toHaveLength(1);
  return JSON.parse(lines[0]!);
}

const scenes = { a: join(temp, 'city-a'), b: join(temp, 'city-b') };
let sceneA: string;
let truthA: string;
let truthB: string;

beforeAll(async () => {
  ({ scenePath: sceneA, truthPath: truthA } = await writeDemoScene(scenes.a, { seed: 3, size: 12 }));
  ({ truthPath: truthB } = await writeDemoScene(scenes.b, { seed: 4, size: 12 }));
  core = new Core({ face: 'browser', version: 'test', workspace: await Workspace.open(workspace) });
}, 120_000);

describe('lcz and the app give the same answers', () => {
  it('lcz info --json is rasters/info, for an LCZ map and a multispectral scene', async () => {
    for (const path of [demoMapPath(), sceneA]) {
      expect(jsonOf(lcz('info', '--json', path)), path).toEqual(asJson(await ask('rasters/info', { path })));
    }
  });

  it('lcz evaluate --json is maps/evaluate, for two different cities on one grid', async () => {
    const metrics = await ask('maps/evaluate', { map: truthB, truth: truthA });
    expect(metrics.oa, 'a comparison that is not trivial').toBeLessThan(0.9);
    // The CLI's JSON names the figures a script reads; each must be the core's.
    const expected = {
      oa: metrics.oa,
      kappa: metrics.kappa,
      f1: metrics.perClass.map((c) => c.f1),
      confusion: metrics.confusion,
      n: metrics.n,
      macroF1: metrics.macroF1,
      oaUrban: metrics.oaUrban,
      oaBuiltNatural: metrics.oaBuiltNatural,
    };
    expect(jsonOf(lcz('evaluate', '--map', truthB, '--truth', truthA, '--json'))).toEqual(asJson(expected));
  });

  it('lcz map maps with the settings the app resolves: those saved in the app, then the flags', { timeout: 600_000 }, async () => {
    // The app opens the scene and saves its own scaling for it (Band mapping panel, Apply).
    const opened = await ask('scenes/open', { path: sceneA });
    const saved: SceneView['settings'] = { ...opened.settings, scale: 0.00011, offset: -0.01 };
    const configured = await ask('scenes/configure', { sceneId: opened.id, settings: saved });
    const resolved = await ask('scenes/settings', { path: sceneA });
    expect(resolved.settings).toEqual(configured.settings);
    expect(resolved.truth?.path).toBe(configured.truthPath);
    // The app's scene, reopened, says the same.
    expect((await ask('scenes/open', { path: sceneA })).settings).toEqual(resolved.settings);

    const summaryOf = (dir: string) => JSON.parse(readFileSync(join(temp, dir, 'summary.json'), 'utf8')) as ResultSummary;
    const plain = lcz('map', '--scene', sceneA, '--out', 'saved');
    expect(plain.status, plain.stderr).toBe(0);
    expect(summaryOf('saved').scene.settings).toEqual(resolved.settings);
    expect(summaryOf('saved').accuracy?.truthPath).toBe(resolved.truth?.path);

    const flags = lcz('map', '--scene', sceneA, '--out', 'flags', '--sensor', 'sentinel-2', '--scale', '0.0001', '--offset', '0');
    expect(flags.status, flags.stderr).toBe(0);
    const overridden = await ask('scenes/settings', { path: sceneA, overrides: { sensor: 'sentinel-2', scale: 0.0001, offset: 0 } });
    expect(overridden.settings).not.toEqual(resolved.settings);
    expect(summaryOf('flags').scene.settings).toEqual(overridden.settings);
  });
});
