// Deploying from a scene (calibrated and verified on the scene's own cells, labelled by its true LCZ map) and then
// mapping that scene on the simulated card: the same outputs as on the CPU, and a result that says where it ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mapSceneParamsSchema, type ResultSummary } from '../../src/shared/contract';
import { readBundle, writeBundle } from '../../src/main/bundles/bundle-io';
import { deployToMetis } from '../../src/main/metis/deploy/deploy';
import { readDeployment } from '../../src/main/metis/deploy/deployment-folder';
import { sampleScenePatches } from '../../src/main/metis/deploy/scene-patches';
import { openHostForDeployment, openMetisHost } from '../../src/main/metis/host';
import { mapScene } from '../../src/main/mapping/map-scene';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import { readSceneFile } from '../../src/main/scenes/scene-file';
import { settingsFromFile } from '../../src/main/scenes/scene-settings';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { makeCnnOnnx, manifestFor, tempFolder } from '../fixtures/onnx-models';

const temp = tempFolder('lcz-metis-card-');
afterAll(temp.cleanup);
const bundle = join(temp.dir, 'bundles', 'demo');
const other = join(temp.dir, 'bundles', 'other');
const runnerDir = join(temp.dir, 'runner');
const deployment = join(temp.dir, 'deployments', 'demo-metis');
const ctx = { signal: new AbortController().signal, progress: () => undefined };
let scene = '';
let truth = '';
let settings: ReturnType<typeof settingsFromFile>['settings'];

beforeAll(async () => {
  cpSync('resources/demo/bundle', bundle, { recursive: true });
  await writeBundle(other, manifestFor({ seed: 3 }, { name: 'Another model' }), makeCnnOnnx({ seed: 3 }));
  ({ scenePath: scene, truthPath: truth } = await writeDemoScene(join(temp.dir, 'demo'), { size: 40, seed: 3 }));
  settings = settingsFromFile(await readSceneFile(scene)).settings;
}, 120_000);

const source = () => ({ kind: 'scene' as const, path: scene, settings, truth });

describe('patches from a scene', () => {
  it('draws a seeded sample of the cells with data, labelled by the truth under each cell', async () => {
    const b = await readBundle(bundle);
    const a = await sampleScenePatches(b, source(), 150, 7);
    const again = await sampleScenePatches(b, source(), 150, 7);
    expect(a.n).toBe(150);
    expect(a.cellsWithData).toBe(1600);
    expect(again.patches).toEqual(a.patches);
    expect(again.labels).toEqual(a.labels);
    const t = await readLczMap(truth);
    // Every label is a class of the truth map (0-based), all cells of this scene lie on it.
    const present = new Set(Array.from(t.classes).filter((v) => v > 0).map((v) => v - 1));
    expect(Array.from(a.labels!).every((l) => present.has(l))).toBe(true);
    // Another seed, another sample.
    expect((await sampleScenePatches(b, source(), 150, 8)).patches).not.toEqual(a.patches);
    // Without a truth map: patches, no labels.
    expect((await sampleScenePatches(b, { ...source(), truth: null }, 20, 7)).labels).toBeNull();
  });
});

describe('a deployment from a scene, then mapping on the simulated card', () => {
  it('deploys, verifying on the scene cells the calibration did not use, against its true LCZ map', { timeout: 240_000 }, async () => {
    const host = await openMetisHost({ simulator: true, scenario: 'ok', runnerDir });
    try {
      await deployToMetis({ bundle, calibration: source(), out: deployment, samples: 100, verifyPatches: 300, benchmarkSeconds: 1 }, { host });
    } finally {
      await host.close();
    }
    const d = await readDeployment(deployment);
    expect(d.compile.calibrationSamples).toBe(100);
    const v = d.verification!;
    expect(v).toMatchObject({ patches: 300, labelledPatches: 300, simulated: true });
    expect(v.data).toBe('cells of synthetic-city-s2.tif the calibration did not use, labelled by synthetic-city-truth.tif');
    // The demo model maps its 150-cell synthetic city at about 94 % (its manifest), this small one at about 84 %; the
    // card through int8 stays close to the CPU.
    expect(v.accuracy.cpu).toBeGreaterThan(0.75);
    expect(Math.abs(v.accuracy.device! - v.accuracy.cpu!)).toBeLessThan(0.03);
  });

  it('maps the scene on the card with the same outputs as on the CPU, and says where (simulated)', { timeout: 240_000 }, async () => {
    process.env.LCZ_METIS_SIMULATOR = '1';
    try {
      const base = { scene, settings, bundles: [bundle], truth, resolutionM: 100 };
      const cpuDir = join(temp.dir, 'results', 'cpu');
      const cardDir = join(temp.dir, 'results', 'card');
      await mapScene(mapSceneParamsSchema.parse(base), cpuDir, ctx);
      await mapScene(mapSceneParamsSchema.parse({ ...base, device: { kind: 'metis', deployment } }), cardDir, ctx);
      expect(readdirSync(cardDir).sort()).toEqual(readdirSync(cpuDir).sort());
      const [cpu, card] = await Promise.all([readLczMap(join(cpuDir, 'lcz.tif')), readLczMap(join(cardDir, 'lcz.tif'))]);
      let same = 0;
      cpu.classes.forEach((c, i) => (same += c === card.classes[i] ? 1 : 0));
      expect(same / cpu.classes.length).toBeGreaterThan(0.97);
      const summary = JSON.parse(readFileSync(join(cardDir, 'summary.json'), 'utf8')) as ResultSummary;
      expect(summary.device).toMatchObject({ kind: 'metis', deployment, pciAddress: '0000:01:00.0', boardType: 'pcie', simulated: true });
      expect(summary.device!.description).toBe('the Axelera Metis card at 0000:01:00.0 (pcie) (SIMULATED: no card was used; ONNX Runtime ran the float model through int8 input and output in its place)');
      expect(summary.stats.engine).toMatch(/^the Metis runtime helper on the Axelera Metis card at 0000:01:00\.0 \(pcie\) \(SIMULATED\), batches of \d+ cells$/);
      expect(readFileSync(join(cardDir, 'report.md'), 'utf8')).toContain(`- Run on ${summary.device!.description}; deployment \`${deployment}\``);
      const cpuSummary = JSON.parse(readFileSync(join(cpuDir, 'summary.json'), 'utf8')) as ResultSummary;
      expect(cpuSummary.device).toBeUndefined();
      expect(Math.abs(summary.accuracy!.oa - cpuSummary.accuracy!.oa)).toBeLessThan(0.02);
    } finally {
      delete process.env.LCZ_METIS_SIMULATOR;
    }
  });

  it('refuses another model, an ensemble, and a simulated deployment with the simulator off, each in one line', async () => {
    const base = { scene, settings, truth, resolutionM: 100, device: { kind: 'metis', deployment } };
    process.env.LCZ_METIS_SIMULATOR = '1';
    try {
      await expect(mapScene(mapSceneParamsSchema.parse({ ...base, bundles: [other] }), join(temp.dir, 'results', 'x1'), ctx)).rejects.toThrow(
        /demo-metis: is a deployment of "Demo CNN .*" \(another model than "Another model", or the bundle changed since\): deploy "Another model" to the card first/,
      );
      await expect(mapScene(mapSceneParamsSchema.parse({ ...base, bundles: [bundle, other] }), join(temp.dir, 'results', 'x2'), ctx)).rejects.toThrow(
        /a mapping on the Metis card runs one model; 2 were chosen \(an ensemble runs on the CPU\)/,
      );
    } finally {
      delete process.env.LCZ_METIS_SIMULATOR;
    }
    await expect(openHostForDeployment({ simulated: true }, deployment, { env: {} })).rejects.toThrow(/demo-metis: was made on the Metis simulator, and the simulator is off/);
    await expect(openHostForDeployment({ simulated: false }, deployment, { env: { LCZ_METIS_SIMULATOR: '1' } })).rejects.toThrow(/was made on a real Metis card, and the simulator is on/);
  });
});
