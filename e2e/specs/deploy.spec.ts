// The lab user's story "Deploy to Metis", in a real Chromium against the real core (browser mode). No Metis card is
// reachable from our machines: first the Deploy view on this machine as it is (no card: it must say so and what to
// do), then with the Metis simulator switched on (LCZ_METIS_SIMULATOR=1) for the server: one click from a student
// bundle to a verified deployment and its report, a compile that fails, mapping the synthetic city "on the card",
// and a firmware update behind its two confirmations. Everything from the simulator must say "simulated".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, ResultSummary } from '../../src/shared/contract';
import { quantizeBundle } from '../../src/main/onnx/quantize/quantize-bundle';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { DeployDriver } from '../drivers/deploy';
import { LczApp } from '../drivers/lcz-app';
import { MappingDriver } from '../drivers/mapping';
import { ShellDriver } from '../drivers/shell';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';

const skipReason = chromiumMissing();
if (skipReason) console.warn(skipReason);

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

describe.skipIf(skipReason)('Deploy without a card: this machine as it is, simulator off', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    server = await startTestServer({ env: { LCZ_METIS_SIMULATOR: undefined, LCZ_METIS_SCENARIO: undefined } });
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    await new LczApp(page).waitForMap();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says clearly that no card was found and what to do, and offers no deploy', async () => {
    const deploy = new DeployDriver(page);
    await deploy.open();
    const card = await deploy.deviceCard();
    expect(card).toMatchObject({ state: 'no-card', simulated: false, headline: 'No Metis card was found', devices: 0 });
    expect(card.problems.map((p) => p.code)).toContain('no-card');
    const noCard = card.problems.find((p) => p.code === 'no-card')!.text;
    expect(noCard).toMatch(/^no (Axelera Metis card on the PCI bus|PCI bus could be read)/i);
    expect(noCard).toMatch(/What to do: fit the card .*\(LCZ_METIS_SIMULATOR=1\)/);
    expect(noCard).not.toMatch(/simulated/i);
    expect(await deploy.noCardMessage()).toMatch(/^No Metis card was found No Axelera Metis card on the PCI bus .*\. What to do: fit the card/);
    expect(await deploy.canDeploy()).toBe(false);
    expect(await deploy.blocked()).toMatch(/card is not ready/);
    await screenshot(page, 'd00-no-card');
    // The rest of the app goes on as before.
    await new ShellDriver(page).showView('map');
    expect(await new LczApp(page).mapName()).toMatch(/synthetic/i);
    expect(consoleErrors).toEqual([]);
  });
});

describe.skipIf(skipReason)('Deploy to Metis on the simulated card', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  let deploy: DeployDriver;
  let mapping: MappingDriver;
  let int8Dir = '';
  let deploymentDir = '';

  beforeAll(async () => {
    server = await startTestServer({ env: { LCZ_METIS_SIMULATOR: '1', LCZ_METIS_SCENARIO: undefined } });
    // A student to deploy: the demo model quantised to int8 (its float parent is the demo bundle), calibrated on the
    // synthetic So2Sat data the Training view makes, which the Deploy view then offers too.
    const so2sat = join(server.workspace, 'datasets', 'synthetic-so2sat.h5');
    await writeSyntheticSo2Sat(so2sat, { patches: 600, seed: 5 });
    int8Dir = join(server.workspace, 'bundles', 'demo-int8');
    const ctx = { signal: new AbortController().signal, progress: () => undefined, warn: () => undefined };
    await quantizeBundle({ bundle: 'resources/demo/bundle', calibration: so2sat, out: int8Dir, samples: 200 }, ctx);
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    deploy = new DeployDriver(page);
    mapping = new MappingDriver(page);
    await new LczApp(page).waitForMap();
    // The synthetic city, to calibrate on and to map on the card at the end.
    await mapping.useDemoScene();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the simulated cards on the device card, each saying simulated', async () => {
    await deploy.open();
    const card = await deploy.deviceCard();
    expect(card).toMatchObject({ state: 'ready', simulated: true, headline: 'Ready: a Metis card can be used (simulated)', devices: 7, problems: [] });
    expect(card.sdk).toMatch(/^Voyager SDK 1\.3\.2, driver 1\.3\.2 .*\(simulated\)$/);
    await screenshot(page, 'd01-device-card');
  });

  it('offers the student first, and deploys an int8 model through its float parent', async () => {
    const bundles = await deploy.bundles(2);
    expect(bundles[0]).toMatchObject({ dir: int8Dir, badges: ['int8'] });
    expect(bundles.map((b) => b.dir)).toContain(join(process.cwd(), 'resources', 'demo', 'bundle'));
    await deploy.chooseBundle(int8Dir);
    expect(await deploy.planNote()).toMatch(/is an int8 model: the card compiles its float parent "Demo CNN.*" with the SDK's own quantiser/);
    expect(await deploy.calibrationChoices()).toEqual(['Synthetic So2Sat data (workspace)', 'The synthetic demo scene (labelled by its true LCZ map)', 'Another file (a So2Sat .h5 or a scene .tif)…']);
  });

  it('fails a compile with a clear step, writes nothing, and the app goes on', async () => {
    server.setEnv({ LCZ_METIS_SCENARIO: 'compile-failure:LOWER_TIR_ERROR' });
    try {
      await deploy.chooseCalibration(/So2Sat/);
      await deploy.deploy();
      expect(await deploy.waitForDeployEnd()).toBe('failed');
    } finally {
      server.setEnv({ LCZ_METIS_SCENARIO: undefined });
    }
    const steps = await deploy.steps();
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ['check', 'succeeded'],
      ['calibration', 'succeeded'],
      ['compile', 'failed'],
      ['load', 'pending'],
      ['verify', 'pending'],
      ['benchmark', 'pending'],
    ]);
    expect(steps[2]!.text).toMatch(/^✕Compile for the card [\d.]+ s\(simulated\) the compile failed at LOWER_TIR_ERROR: the model could not be mapped onto the AIPU/);
    expect(await deploy.outcome()).toMatch(/The deployment failed; nothing was written/);
    expect(existsSync(join(server.workspace, 'deployments')) ? readdirSync(join(server.workspace, 'deployments')) : []).toEqual([]);
  });

  it('deploys with one click: the steps as a stepper, every one simulated, and a verified deployment', { timeout: 300_000 }, async () => {
    await deploy.chooseCalibration(/demo scene/);
    await deploy.deploy();
    await deploy.waitForStep('calibration', 'succeeded');
    await deploy.show('stepper');
    await screenshot(page, 'd02-stepper');
    expect(await deploy.waitForDeployEnd()).toBe('succeeded');
    const steps = await deploy.steps();
    expect(steps.map((s) => s.status)).toEqual(Array(6).fill('succeeded'));
    for (const step of steps) expect(step.text).toMatch(/\(simulated\)/);
    await deploy.show('stepper');
    await screenshot(page, 'd03-stepper-done');
  });

  it('reports accuracy on the CPU, in int8 and on the card, FPS and latency: as deployment.json says, marked simulated', async () => {
    const report = await deploy.report();
    deploymentDir = report.dir;
    expect(deploymentDir.startsWith(join(server.workspace, 'deployments'))).toBe(true);
    const saved = JSON.parse(readFileSync(join(deploymentDir, 'deployment.json'), 'utf8')) as Deployment;
    expect(saved.simulated).toBe(true);
    expect(saved.int8Bundle?.dir).toBe(int8Dir);
    const v = saved.verification!;
    expect(v.simulatedModel).toBe('int8 QDQ model');
    expect(report).toMatchObject({ simulated: true, accuracy: { cpu: percent(v.accuracy.cpu), int8: percent(v.accuracy.int8), card: percent(v.accuracy.device) } });
    expect(v.accuracy.cpu).toBeGreaterThan(0.8);
    expect(Math.abs(v.accuracy.device! - v.accuracy.int8!)).toBeLessThan(0.05);
    expect(report.fps.device).toBe(Math.round(saved.benchmark!.fps.device!).toLocaleString('en-US'));
    expect(report.fps.system).toBe(Math.round(saved.benchmark!.fps.system!).toLocaleString('en-US'));
    expect(report.note).toMatch(/Made on the Metis simulator: no card was used/);
    expect(report.text).toMatch(/Metis card \(simulated\)/);
    expect(report.text).toMatch(/Power: simulated: the simulator has no power model/);
    await deploy.show('report');
    await screenshot(page, 'd04-report');
  });

  it('maps the synthetic city on the (simulated) card, with the same outputs as a mapping on the CPU', { timeout: 300_000 }, async () => {
    await deploy.mapWithMetis();
    const device = await deploy.mappingDevice();
    expect(device).toEqual({ deployment: deploymentDir, simulated: true, label: 'Map on the Metis card' });
    const shell = new ShellDriver(page);
    if (await shell.guideShown()) await shell.closeGuide(); // the map beside, not the first-start guide
    await screenshot(page, 'd05-map-on-card');
    const jobId = await mapping.startMapping();
    expect(await mapping.waitForJobEnd(jobId, 280_000)).toBe('succeeded');
    const results = await mapping.listedResults();
    const dir = results[0]!.dir;
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as ResultSummary;
    expect(summary.device).toMatchObject({ kind: 'metis', deployment: deploymentDir, simulated: true });
    expect(summary.device!.description).toMatch(/SIMULATED: no card was used/);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/Run on the Axelera Metis card at .*SIMULATED/);
    // The demo model maps its city at about 94 % on the CPU (its manifest's syntheticDemoCityOA); int8 on the card keeps it.
    expect(summary.accuracy!.oa).toBeGreaterThan(0.9);
    await mapping.openTab('results');
    expect(await deploy.resultEngine()).toMatch(/Metis runtime helper on the Axelera Metis card .*\(SIMULATED\)/);
    await screenshot(page, 'd06-mapped-on-card');
  });

  it('updates the firmware only after two confirmations, warning about stage 2 and power, streaming the tool', async () => {
    await deploy.open();
    const versions = await deploy.firmwareVersions();
    expect(versions[0]).toMatch(/0000:01:00\.0: firmware 1\.3\.2.*simulated/);
    expect(await deploy.askFirmwareUpdate(0)).toMatch(/Stage 2 of the update \(the board controller\) cannot be recovered if it is interrupted/);
    expect(await deploy.confirmFirstQuestion()).toMatch(/The machine must not lose power or be switched off until the update has finished/);
    await deploy.confirmSecondQuestion();
    const log = await deploy.waitForFirmwareLog(/flash success/);
    expect(log).toMatch(/Stage 2 of the update .* cannot be recovered/);
    expect(log).toMatch(/\(simulated\) Stage 1 of 2/);
    expect(log).toMatch(/The update finished \(simulated: no card was flashed\)/);
    await deploy.show('firmware');
    await screenshot(page, 'd07-firmware');
    expect(consoleErrors).toEqual([]);
  });
});
