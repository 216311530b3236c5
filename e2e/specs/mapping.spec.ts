// The planner's story "Map a city from a satellite scene", in a real Chromium against the real core (browser mode):
// make the synthetic demo scene, map it, cancel a run, read the result's accuracy, confidence and probabilities.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LczApp } from '../drivers/lcz-app';
import { MappingDriver } from '../drivers/mapping';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';
import { writeFixtureBundle } from '../helpers/fixture-bundle';

const skipReason = chromiumMissing();

/** Result folders that hold a complete result (summary.json is written last). */
function completeResults(workspace: string): string[] {
  const dir = join(workspace, 'results');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, 'summary.json')));
}

describe.skipIf(skipReason)('Mapping a city from a satellite scene', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let app: LczApp;
  let mapping: MappingDriver;
  let consoleErrors: string[];

  beforeAll(async () => {
    server = await startTestServer();
    // A second model in the workspace (random weights: it maps fine, just badly), so the list offers an ensemble;
    // the demo model (resources/demo/bundle, shipped with the app) is the one chosen, and the one the run uses.
    await writeFixtureBundle(join(server.workspace, 'bundles', 'fixture-cnn'), 'Fixture CNN (random weights)');
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    app = new LczApp(page);
    mapping = new MappingDriver(page);
    await app.waitForMap();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('generates the synthetic demo scene from the UI and shows it in true colour, labelled synthetic', async () => {
    await mapping.useDemoScene();
    expect(await mapping.sceneName()).toMatch(/synthetic/i);
    expect(await mapping.sceneFacts()).toEqual({ synthetic: true, truth: expect.stringMatching(/known/) });
    expect(await app.syntheticNotice()).toMatch(/synthetic demo scene/i);
    await screenshot(page, 'm01-demo-scene');
  });

  it('lists the models, one chosen, says when several make an ensemble, and finds nothing stopping the mapping', async () => {
    const models = await mapping.models();
    expect(models.length).toBeGreaterThanOrEqual(2);
    expect(models.filter((m) => m.checked)).toHaveLength(1);
    expect(models.find((m) => m.checked)?.demo).toBe(true);
    expect(await mapping.ensembleNote()).toBeNull();
    const other = models.findIndex((m) => !m.checked);
    await mapping.setModelChecked(other, true);
    expect(await mapping.ensembleNote()).toMatch(/Ensemble.*2 models.*fused/s);
    await mapping.waitUntilMappable();
    await screenshot(page, 'm02-models-ensemble');
    await mapping.setModelChecked(other, false);
    expect(await mapping.ensembleNote()).toBeNull();
    await mapping.waitUntilMappable();
    expect(await mapping.problems()).toEqual([]);
  });

  it('cancels a run: it ends cancelled and saves no result', async () => {
    const jobId = await mapping.startMapping();
    const progress = await mapping.waitForMappingStage();
    expect(progress).toMatch(/patches\/s/);
    await screenshot(page, 'm03-mapping-progress');
    await mapping.cancelMapping();
    expect(await mapping.waitForJobEnd(jobId, 60_000)).toBe('cancelled');
    const outcome = await mapping.outcome();
    expect(outcome.state).toBe('cancelled');
    expect(outcome.text).toMatch(/no result was saved/);
    expect(await mapping.listedResults()).toEqual([]);
    expect(completeResults(server.workspace)).toEqual([]);
  });

  it('maps the demo city: the LCZ map lies over the scene with its legend, class areas and accuracy', { timeout: 300_000 }, async () => {
    await app.awaitNextMap();
    const jobId = await mapping.startMapping();
    expect(await mapping.waitForJobEnd(jobId)).toBe('succeeded');
    await app.waitForMap();
    // The result opens in the Layers tab: legend and areas follow the result's map.
    expect(await app.selectedTab()).toBe('layers');
    expect(await app.resultShown()).toBe(true);
    const areas = await app.areas();
    expect(areas.length).toBeGreaterThan(0);
    expect(areas.reduce((a, r) => a + r.percent, 0)).toBeCloseTo(100, 0);
    expect(await app.legend.values()).toHaveLength(17);
    expect(await app.syntheticNotice()).toMatch(/synthetic/i);
    await screenshot(page, 'm04-result');

    const accuracy = await mapping.accuracy();
    expect(accuracy.oa).toBeGreaterThan(60); // the demo model knows the demo city
    expect(accuracy.oa).toBeLessThanOrEqual(100);
    expect(accuracy.f1Bars).toBeGreaterThan(0);
    expect(accuracy.confusionCells).toBeGreaterThanOrEqual(accuracy.f1Bars);
    expect(await mapping.resultDetails()).toEqual({ accuracyShown: true, synthetic: true });
    await screenshot(page, 'm05-accuracy');
    await mapping.showConfusionMatrix();
    await screenshot(page, 'm05b-confusion');
    expect(completeResults(server.workspace)).toHaveLength(1);
    expect((await mapping.outcome()).state).toBe('succeeded');
  });

  it('marks the unsure cells with the confidence overlay, following the threshold and the style', async () => {
    await mapping.setOverlay(false);
    const plain = await mapping.mapPicture();
    await mapping.setOverlay(true);
    await mapping.setThreshold(0.5);
    const dimmed = await mapping.mapPicture();
    expect(Buffer.compare(plain, dimmed)).not.toBe(0);
    await screenshot(page, 'm06-overlay-dim-050');

    const shareAtHalf = await mapping.unsureShare();
    await mapping.setThreshold(0.9);
    const stricter = await mapping.mapPicture();
    expect(Buffer.compare(dimmed, stricter)).not.toBe(0);
    expect(await mapping.unsureShare()).toBeGreaterThan(shareAtHalf);
    await screenshot(page, 'm07-overlay-dim-090');

    await mapping.setOverlayStyle('hatch');
    const hatched = await mapping.mapPicture();
    expect(Buffer.compare(stricter, hatched)).not.toBe(0);
    await screenshot(page, 'm08-overlay-hatch-090');

    await mapping.setMeasure('certainty');
    const certainty = await mapping.mapPicture();
    expect(Buffer.compare(hatched, certainty)).not.toBe(0);
    await mapping.setMeasure('maxProbability');
    await mapping.setOverlayStyle('dim');
    await mapping.setThreshold(0.5);
  });

  it('reads the 17 class probabilities of a clicked cell, with the truth', async () => {
    const probe = await mapping.probeAt(0.5, 0.5);
    expect(probe.heading).toMatch(/^LCZ /);
    expect(probe.bars).toHaveLength(17);
    const sum = probe.bars.reduce((a, b) => a + b.p, 0);
    expect(sum).toBeGreaterThan(0.98);
    expect(sum).toBeLessThan(1.02);
    expect(probe.truth).toMatch(/LCZ/);
    await screenshot(page, 'm09-probe');
  });

  it('still lists the result after a reload, and reopens it', async () => {
    await page.reload();
    await app.waitForMap();
    const results = await mapping.listedResults();
    expect(results).toHaveLength(1);
    expect(results[0]!.synthetic).toBe(true);
    expect(results[0]!.oa).not.toBeNull();
    await mapping.openResult(0);
    expect((await mapping.resultDetails()).accuracyShown).toBe(true);
    await screenshot(page, 'm10-reopened');
  });

  it('logged no errors in the page console', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
