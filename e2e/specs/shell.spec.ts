// The window's shell, in a real Chromium against the real core (browser mode): the first-run guide to map a city,
// the views that own the main area (the Training view across the full width), the jobs dock under the map, and the
// session kept across a reload.
import { copyFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LczApp } from '../drivers/lcz-app';
import { MappingDriver } from '../drivers/mapping';
import { overlaps, ShellDriver, type Camera } from '../drivers/shell';
import { TrainingDriver } from '../drivers/training';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';

const skipReason = chromiumMissing();
if (skipReason) console.warn(skipReason);

describe.skipIf(skipReason)('The shell: guide, views, jobs dock and session', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let app: LczApp;
  let shell: ShellDriver;
  let training: TrainingDriver;
  let mapping: MappingDriver;
  let consoleErrors: string[];
  let truthMap = '';
  let syntheticData = '';

  beforeAll(async () => {
    server = await startTestServer();
    truthMap = join(server.workspace, 'demo', 'synthetic-city-truth.tif');
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    app = new LczApp(page);
    shell = new ShellDriver(page);
    training = new TrainingDriver(page);
    mapping = new MappingDriver(page);
    await app.waitForMap();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('greets the first start with the guide to map a city, every view of the activity bar offered', async () => {
    expect(await shell.activeView()).toBe('map');
    expect(await shell.guideShown()).toBe(true);
    // The demo model is chosen once the models are listed: the scene is what comes next.
    await shell.waitForGuideStep('model', 'done');
    expect(await shell.guideSteps()).toEqual({ scene: 'next', model: 'done', map: 'todo', export: 'todo' });
    // Every view is built now (the Distillation view was the last): none is offered as coming.
    for (const view of ['compare', 'training', 'distillation', 'deploy'] as const) {
      const offer = await shell.viewOffer(view);
      expect(offer.enabled).toBe(true);
      expect(offer.title).not.toMatch(/coming/i);
    }
    await screenshot(page, 's01-first-run-guide');
    await shell.closeGuide();
    expect(await shell.guideShown()).toBe(false);
    await shell.openGuide();
    expect(await shell.guideShown()).toBe(true);
  });

  it('tries the demo from the guide; the dock lists the job and what it made, under the map, never over it', async () => {
    await shell.tryDemo();
    await shell.waitForGuideStep('scene', 'done');
    expect((await shell.guideSteps()).map).toBe('next');
    const jobs = await shell.dockJobs('succeeded');
    expect(jobs).toEqual([expect.objectContaining({ title: 'Demo scene (synthetic city)', state: 'succeeded' })]);
    expect(jobs[0]!.outputs.join(' ')).toContain('synthetic-city-s2.tif');
    expect(jobs[0]!.outputs.join(' ')).toContain('synthetic-city-truth.tif');
    expect(jobs[0]!.made).toBe(`Wrote into ${join(server.workspace, 'demo')}`);
    expect(await shell.jobsStatus()).toEqual({ running: 0, text: '1 job, none running' });
    const map = await shell.box('map');
    const dock = await shell.box('jobs-dock');
    expect(overlaps(map, dock)).toBe(false);
    expect(dock.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
    expect(dock.width).toBeGreaterThanOrEqual(map.width);
    await screenshot(page, 's02-jobs-dock');
  });

  it('gives the Training view the full width: the curves and the report of a run side by side', { timeout: 240_000 }, async () => {
    await shell.markMapCanvas();
    const cameraBefore = await shell.camera();
    await training.useSyntheticData(300);
    syntheticData = (await training.chosenData()).path;
    await training.buildEnsemble([{ arch: 'tiny-cnn', inputs: 'all', seed: 1 }]);
    await training.setSettings({ epochs: '2', maxPatches: '200' });
    const jobId = await training.startTraining();
    expect(await training.waitForJobEnd(jobId)).toBe('succeeded');
    const [run] = await training.runs(1);
    // The dock says which run the job made (from its record, not its title) and opens it in the Training view.
    const trained = (await shell.dockJobs('succeeded')).find((j) => j.id === jobId);
    expect(trained).toMatchObject({ made: `Trained the run ${basename(run!.dir)}`, open: 'Open in Training' });
    if (await training.reportOpen()) await training.closeReport();
    await shell.showView('map');
    await shell.openFromDock(jobId);
    expect(await shell.activeView()).toBe('training');
    expect(await training.openedRun()).toBe(run!.dir);
    await training.openRun(run!.dir);
    expect((await training.reportFigures()).curves).toEqual({ train: 2, validation: 2, running: 0 });

    const width = await shell.windowWidth();
    const setup = await shell.box('training-setup');
    const curves = await shell.box('curves-pane');
    const report = await shell.box('report-pane');
    // Beside the setup column and beside each other, not stacked, across most of the window.
    expect(curves.x).toBeGreaterThanOrEqual(setup.x + setup.width - 1);
    expect(report.x).toBeGreaterThanOrEqual(curves.x + curves.width - 1);
    expect(Math.abs(report.y - curves.y)).toBeLessThan(2);
    expect(report.x + report.width - curves.x).toBeGreaterThan(0.6 * width);
    expect(curves.width).toBeGreaterThan(0.25 * width);
    // The charts are drawn to the pane's width, not to a sidebar's.
    expect(await training.curveChartWidth()).toBeGreaterThan(0.8 * curves.width - 40);
    await screenshot(page, 's03-training-view');

    // The map was hidden, not rebuilt: the same canvas, looking at the same place.
    await shell.showView('map');
    expect(await shell.sameMapCanvas()).toBe(true);
    expect(await shell.camera()).toEqual(cameraBefore);
  });

  it('keeps the session across a reload: the map and scene open, where the map looks, the view, the training form', async () => {
    await app.openByPath(truthMap);
    await app.waitForMap();
    expect(await app.mapName()).toBe('synthetic-city-truth.tif');
    const camera: Camera = await shell.moveMap(120, 60);
    await shell.showView('training');
    await shell.reload();

    expect(await shell.activeView()).toBe('training');
    const restored = await shell.camera();
    expect(restored.lon).toBeCloseTo(camera.lon, 6);
    expect(restored.lat).toBeCloseTo(camera.lat, 6);
    expect(restored.zoom).toBeCloseTo(camera.zoom, 6);
    expect((await training.chosenData()).path).toBe(syntheticData);
    expect(await training.members()).toEqual([{ arch: 'tiny-cnn', inputs: 'all' }]);
    expect(await training.setting('epochs')).toBe('2');
    expect(await training.setting('maxPatches')).toBe('200');
    // The run whose report was open is in focus again: its report beside its curves.
    expect(await training.reportOpen()).toBe(true);
    expect((await training.reportFigures()).curves).toEqual({ train: 2, validation: 2, running: 0 });
    await screenshot(page, 's04-session-restored-training');

    await shell.showView('map');
    expect(await app.mapName()).toBe('synthetic-city-truth.tif');
    expect(await shell.guideShown()).toBe(true);
    await mapping.openTab('mapping');
    expect(await mapping.scenePath()).toBe(join(server.workspace, 'demo', 'synthetic-city-s2.tif'));
    expect(await shell.notice()).toBeNull();
    await screenshot(page, 's05-session-restored-map');
  });

  it('drops a file gone since the last session with a one-line notice, and opens without it', async () => {
    const doomed = join(server.workspace, 'imports', 'soon-gone.tif');
    copyFileSync(truthMap, doomed);
    await app.openByPath(doomed);
    await app.waitForMap();
    expect(await app.mapName()).toBe('soon-gone.tif');
    await shell.waitForSessionSaved();
    rmSync(doomed);
    await shell.reload();
    expect(await shell.notice()).toMatch(/^Gone since the last session, not reopened: soon-gone\.tif$/);
    expect(await shell.errorShown()).toBe(false);
    expect(await app.mapName()).toMatch(/synthetic/i);
    await screenshot(page, 's06-gone-notice');
  });

  it('logged no errors in the page console', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
