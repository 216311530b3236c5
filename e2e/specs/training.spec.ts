// The lab user's story "Train LCZ teachers", in a real Chromium against the real core (browser mode): make synthetic
// So2Sat data, build a small ensemble, watch it train, read its results (accuracy, confusion, calibration), find its
// bundles among the models to map with, and cancel a run then resume it from its checkpoints.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation, RunStatus } from '../../src/shared/contract';
import { LczApp } from '../drivers/lcz-app';
import { MappingDriver } from '../drivers/mapping';
import { TrainingDriver } from '../drivers/training';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';

const skipReason = chromiumMissing();
if (skipReason) console.warn(skipReason);

/** Small on purpose: the machine has two cores and is shared; the story is the same at any size. */
const PATCHES = 800;
const MAX_PATCHES = '600';
const TINY = [
  { arch: 'tiny-cnn', inputs: 'all', seed: 1 },
  { arch: 'tiny-cnn', inputs: 'rgb', seed: 2 },
  { arch: 'tiny-cnn', inputs: 'all', seed: 3 },
] as const;

function runStatus(dir: string): RunStatus {
  return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunStatus;
}

function evaluation(dir: string): Evaluation {
  return JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')) as Evaluation;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

describe.skipIf(skipReason)('Training LCZ teachers', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let app: LczApp;
  let training: TrainingDriver;
  let mapping: MappingDriver;
  let consoleErrors: string[];
  let firstRun = '';

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    app = new LczApp(page);
    training = new TrainingDriver(page);
    mapping = new MappingDriver(page);
    await app.waitForMap();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says why a file that is not So2Sat data cannot be used', async () => {
    expect(await training.runs()).toEqual([]);
    const bad = join(server.workspace, 'not-so2sat.h5');
    writeFileSync(bad, 'not an HDF5 file');
    expect(await training.chooseFile(bad)).toMatch(/not-so2sat\.h5/);
    expect(await training.problems()).toEqual([expect.stringMatching(/^The training file cannot be used: /)]);
    await screenshot(page, 't00-not-so2sat');
  });

  it('makes the synthetic So2Sat data from the UI and describes it: patches, classes, labelled synthetic', async () => {
    const facts = await training.useSyntheticData(PATCHES);
    expect(facts).toEqual({ patches: PATCHES, synthetic: true });
    const histogram = await training.classHistogram();
    expect(Object.keys(histogram)).toHaveLength(17);
    expect(Object.values(histogram).reduce((a, b) => a + b, 0)).toBe(PATCHES);
    await expect(page.getByTestId('dataset-synthetic').isVisible()).resolves.toBe(true);
    await screenshot(page, 't01-synthetic-data');
  });

  it('builds a 3-member ensemble of the smallest architecture with quick settings', async () => {
    await training.useTeacherPreset();
    expect((await training.members()).map((m) => m.inputs)).toEqual(['all', 'rand3', 'rgb']);
    await training.buildEnsemble([...TINY]);
    expect(await training.members()).toEqual(TINY.map(({ arch, inputs }) => ({ arch, inputs })));
    await training.setSettings({ epochs: '2', maxPatches: MAX_PATCHES });
    expect(await training.problems()).toEqual([]);
    expect(await training.startLabel()).toBe('Train an ensemble of 3');
    await screenshot(page, 't02-ensemble');
  });

  it('trains it with live curves, evaluates it and lists the run', { timeout: 240_000 }, async () => {
    const jobId = await training.startTraining();
    const curves = await training.waitForLiveCurves(1);
    expect(curves.train).toBeGreaterThanOrEqual(1);
    expect(curves.validation).toBe(curves.train);
    expect(await training.liveStatus()).toMatch(/Member [123] of 3 · Tiny CNN · .* · epoch [12] of 2/);
    // The engine (its name, version and choices) is behind "details": the summary says where the run is computed.
    expect(await training.liveBackend()).toMatch(/^Computed on this computer’s processor/);
    await screenshot(page, 't03-live-curves');

    expect(await training.waitForJobEnd(jobId)).toBe('succeeded');
    const runs = await training.runs(1);
    expect(runs[0]!.state).toBe('done');
    expect(runs[0]!.oa).toBeGreaterThan(0);
    firstRun = runs[0]!.dir;
    expect(firstRun.startsWith(join(server.workspace, 'runs'))).toBe(true);
    const status = runStatus(firstRun);
    expect(status.members.map((m) => m.history.map((h) => h.epoch))).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
  });

  it('shows the results: accuracy, WUDAPT measures, per class, confusion matrix, calibration before and after', async () => {
    await training.openRun(firstRun);
    const figures = await training.reportFigures();
    // What the page shows is what the core wrote in evaluation.json.
    const ensemble = evaluation(firstRun).ensemble!.scores;
    expect(figures.state).toBe('done');
    expect(figures.models).toEqual(['ensemble', 'member-1', 'member-2', 'member-3']);
    expect(figures.selected).toBe('ensemble');
    expect(figures.oa).toBe(percent(ensemble.oa));
    expect(figures.kappa).toBe(ensemble.kappa.toFixed(3));
    expect(figures.oaUrban).toBe(ensemble.oaUrban === null ? '—' : percent(ensemble.oaUrban));
    expect(figures.oaBuiltNatural).toBe(percent(ensemble.oaBuiltNatural));
    expect(figures.oaWeighted).toBe(percent(ensemble.oaWeighted));
    expect(figures.meanF1).toMatch(/^(\d\.\d{3}|—)$/);
    expect(figures.classRows).toBe(ensemble.perClass.filter((c, i) => c.support > 0 || ensemble.confusion.some((row) => row[i]! > 0)).length);
    expect(figures.confusionCells).toBe(figures.classRows ** 2);
    expect(figures.calibration.before.shownEce).toBe(percent(ensemble.calibrationBefore.ece));
    expect(figures.calibration.after.shownEce).toBe(percent(ensemble.calibrationAfter.ece));
    expect(figures.calibration.before.bars).toBe(ensemble.calibrationBefore.bins.filter((b) => b.count > 0).length);
    expect(figures.calibration.after.bars).toBe(ensemble.calibrationAfter.bins.filter((b) => b.count > 0).length);
    expect(figures.curves).toEqual({ train: 6, validation: 6, running: 0 });
    expect(figures.bundles).toEqual([1, 2, 3].map((n) => join(firstRun, 'bundles', String(n))));
    // Where it ran, in words; the engine's names and choices only behind "details".
    expect(figures.backend).toMatch(/^this computer’s processor/);
    expect(figures.backend).not.toMatch(/wasm|tfjs|SIMD|gradients/);
    // Evaluated on a few hundred synthetic patches: the report says how rough its figures are.
    if (ensemble.n < 1000) expect(figures.caveats[0]).toMatch(new RegExp(`^Evaluated on only ${ensemble.n} patches: the overall accuracy is known to about ±`));
    if (ensemble.calibrationAfter.ece > ensemble.calibrationBefore.ece) expect(figures.caveats.some((c) => /ECE\) is worse after temperature scaling/.test(c))).toBe(true);
    expect(figures.synthetic).toBe(true);
    await expect(page.getByTestId('report-synthetic-note').textContent()).resolves.toMatch(/synthetic.*not real data/);
    await screenshot(page, 't04-report');
    await training.showInReport('calibration');
    await screenshot(page, 't05-report-calibration');
    await training.showInReport('curves');
    await screenshot(page, 't06-report-curves');

    await training.selectModel('member-2');
    const member = await training.reportFigures();
    const second = evaluation(firstRun).members[1]!.scores;
    expect(member.selected).toBe('member-2');
    expect(member.oa).toBe(percent(second.oa));
    expect(member.calibration.after.shownEce).toBe(percent(second.calibrationAfter.ece));
    await expect(page.getByTestId('calibration-section').textContent()).resolves.toContain(`T = ${second.temperature.toFixed(2)}`);
    await training.closeReport();
    expect(await training.reportOpen()).toBe(false);
  });

  it('lists the trained bundles among the models of the Mapping tab', async () => {
    const dirs = await mapping.modelDirs();
    expect(dirs).toEqual(expect.arrayContaining([1, 2, 3].map((n) => join(firstRun, 'bundles', String(n)))));
    await screenshot(page, 't07-mapping-models');
  });

  it('cancels a second run, then resumes it from its checkpoints to the end', { timeout: 300_000 }, async () => {
    await training.openTab();
    await training.setSettings({ epochs: '5', name: 'Cancelled, then resumed' });
    const jobId = await training.startTraining();
    // Member 1 has finished an epoch (its checkpoint is written): cancel while the rest is still to do, from the
    // run's report, which shows the curves so far.
    await training.waitForLiveCurves(1);
    await training.openLiveRun();
    const live = await training.liveReport();
    expect(live.note).toMatch(/Evaluated when training ends/);
    expect(live.curves.train).toBeGreaterThanOrEqual(1);
    await screenshot(page, 't08a-live-report');
    await training.cancelFromReport();
    expect(await training.waitForJobEnd(jobId, 120_000)).toBe('cancelled');
    await training.closeReport();
    expect(await training.outcomeText()).toMatch(/Cancelled/);
    const runs = await training.runs(2);
    const second = runs.find((r) => r.name === 'Cancelled, then resumed')!;
    expect(second).toBeDefined();
    await training.waitForRunState(second.dir, 'cancelled');
    const cancelled = runStatus(second.dir);
    expect(cancelled.state).toBe('cancelled');
    const doneBefore = cancelled.members.map((m) => m.epochsDone);
    expect(doneBefore[0]).toBeGreaterThanOrEqual(1);
    expect(doneBefore.reduce((a, b) => a + b, 0)).toBeLessThan(15);
    await screenshot(page, 't08b-cancelled');

    const resumeId = await training.resume();
    expect(resumeId).not.toBe(jobId);
    expect(await training.waitForJobEnd(resumeId, 240_000)).toBe('succeeded');
    await training.waitForRunState(second.dir, 'done');
    const resumed = runStatus(second.dir);
    expect(resumed.evaluated).toBe(true);
    // Every epoch once: the resumed run continued where it stopped, it did not start again.
    expect(resumed.members.map((m) => m.history.map((h) => h.epoch))).toEqual([
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]);
    expect(resumed.members[0]!.history[0]).toEqual(cancelled.members[0]!.history[0]);

    await training.openRun(second.dir);
    expect(await training.reportMemberEpochs()).toEqual([5, 5, 5]);
    const figures = await training.reportFigures();
    expect(figures.state).toBe('done');
    expect(figures.curves.train).toBe(15);
    await training.showInReport('curves');
    await screenshot(page, 't09-resumed-curves');
    await training.closeReport();
  });

  it('still lists both runs after a reload', async () => {
    await page.reload();
    await app.waitForMap();
    const runs = await training.runs(2);
    expect(runs.map((r) => r.state)).toEqual(['done', 'done']);
    expect(runs.every((r) => r.oa !== null)).toBe(true);
  });

  it('logged no errors in the page console', () => {
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
