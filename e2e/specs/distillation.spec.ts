// The lab user's story "Distil a teacher ensemble into a compact student, and compress it", in a real Chromium against
// the real core (browser mode). Synthetic So2Sat data and a small teacher ensemble are made first (by the core and
// `lcz train`: the Training view's own story is training.spec.ts); then, in the Distillation view: choose the teacher
// and a tiny student, distil it with live curves (cancelled after its first epoch and resumed: the teacher's outputs
// are reused, not computed again), quantize it to int8, prune it, read the comparison report, and map the synthetic
// city with the int8 student in the Mapping tab, where the three new bundles are labelled with their provenance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../src/shared/bundle-manifest';
import type { ModelComparison, ResultSummary, RunStatus } from '../../src/shared/contract';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { startLcz } from '../../test/helpers/lcz-cli';
import { DistillationDriver } from '../drivers/distillation';
import { LczApp } from '../drivers/lcz-app';
import { MappingDriver } from '../drivers/mapping';
import { startTestServer, type TestServer } from '../helpers/app-server';
import { chromiumMissing, launchBrowser, newPage, screenshot, type Browser, type Page } from '../helpers/browser';

const skipReason = chromiumMissing();
if (skipReason) console.warn(skipReason);

/** Tiny on purpose: two shared cores; the story is the same at any size. */
const PATCHES = 1500;

const json = <T,>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

describe.skipIf(skipReason)('Distilling a teacher ensemble into a compact student, then int8 and pruning', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  let distil: DistillationDriver;
  let mapping: MappingDriver;
  let teacherRun = '';
  let studentRun = '';
  let int8 = '';
  let pruned = '';

  beforeAll(async () => {
    server = await startTestServer();
    // The workspace's synthetic So2Sat file (the one "Use synthetic So2Sat data" chooses), and a 2-member teacher.
    const data = join(server.workspace, 'datasets', 'synthetic-so2sat.h5');
    await writeSyntheticSo2Sat(data, { patches: PATCHES, seed: 3 });
    teacherRun = join(server.workspace, 'runs', 'teacher');
    const train = await startLcz({ workspace: server.workspace, timeoutMs: 300_000 }, 'train', '--train', data, '--member', 'tiny-cnn:all:1', '--member', 'tiny-cnn:rgb:2', '--epochs', '2', '--name', 'Teacher ensemble', '--out', teacherRun).done;
    if (train.status !== 0) throw new Error(`lcz train failed: ${train.stderr}`);
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, server.url));
    distil = new DistillationDriver(page);
    mapping = new MappingDriver(page);
    await new LczApp(page).waitForMap();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets up the teacher (a run’s ensemble), a tiny student preset and quick settings', async () => {
    await distil.open();
    expect(await distil.problems()).toContain('Choose the teacher: a training run (its ensemble) or one or more bundles.');
    await distil.chooseTeacherRun(teacherRun);
    expect(await distil.useSyntheticData()).toBe(join(server.workspace, 'datasets', 'synthetic-so2sat.h5'));
    await distil.choosePreset('tiny');
    await distil.setSettings({ epochs: '6', maxPatches: '1200' });
    expect(await distil.problems()).toEqual([]);
    expect(await distil.startLabel()).toBe('Distil into Tiny CNN, tens of thousands of parameters');
    await screenshot(page, 'x01-distil-setup');
  });

  it('distils with live curves; cancelled after an epoch, it resumes without running the teacher again', { timeout: 300_000 }, async () => {
    const first = await distil.start();
    const curves = await distil.waitForEpochs(1);
    // Hard and soft parts (train + validation each) per epoch; accuracy (train + validation) and agreement (validation).
    expect(curves.loss).toBeGreaterThanOrEqual(2);
    expect(curves.accuracy).toBeGreaterThanOrEqual(2);
    await distil.cancel();
    expect(await distil.waitForJobEnd(first)).toBe('cancelled');
    const cancelled = await distil.outcome();
    expect(cancelled).toMatchObject({ state: 'cancelled', canResume: true });
    // The cancel landed mid-run (a tiny student's epoch takes about a second): the resume has epochs left to train on the
    // teacher's outputs, so whether it reused them is tested, not skipped by a run that had already finished training.
    const stopped = json<RunStatus>(join(await distil.runDir(), 'run.json'));
    expect(stopped.members[0]!.history.length).toBeLessThan(6);
    await screenshot(page, 'x02-cancelled');

    const second = await distil.start('distill-resume');
    expect(await distil.waitForJobEnd(second)).toBe('succeeded');
    await distil.waitForEpochs(6);
    await distil.waitForStudent();
    studentRun = await distil.runDir();
    const run = json<RunStatus>(join(studentRun, 'run.json'));
    expect(run.state).toBe('done');
    expect(run.params.distillation).toMatchObject({ teacher: [join(teacherRun, 'bundles', '1'), join(teacherRun, 'bundles', '2')], temperature: 3, alpha: 0.7, fusion: 'logits', preset: 'tiny' });
    expect(run.members[0]!.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.members[0]!.history.every((h) => h.distillation !== undefined)).toBe(true);
    // The resume reused the teacher outputs cached by the first job.
    expect(run.distillation!.teacherPasses).toBe(1);
    expect(run.distillation!.cache!.source).toBe('cached');
    await screenshot(page, 'x03-student-curves');
  });

  it('quantizes the student to int8 and prunes it, one button each', { timeout: 300_000 }, async () => {
    const q = await distil.compress('quantize', { samples: '200' });
    int8 = q.dir;
    expect(q.text).toMatch(/int8 of ".*": MinMax calibration on 200 patches of synthetic-so2sat\.h5/);
    expect(json<BundleManifest>(join(int8, 'manifest.json')).provenance.quantization).toMatchObject({ method: 'minmax', calibration: { samples: 200 } });
    // Fine-tuned with the distillation's teacher, from the outputs the run cached (the same patches: the run's split).
    const p = await distil.compress('prune', { percent: '50', epochs: '1' }, ['with-teacher']);
    pruned = p.dir;
    expect(p.text).toMatch(/pruned from ".*": 50 % of the filters removed \(in each layer\), fine-tuned 1 epoch with a teacher of 2 bundles \(T 3, alpha 0\.7\)/);
    const prunedManifest = json<BundleManifest>(join(pruned, 'manifest.json'));
    expect(prunedManifest.provenance.pruning).toMatchObject({ ratio: 0.5, scope: 'layer', finetune: { epochs: 1, loss: 'distillation', distillation: { temperature: 3, alpha: 0.7, fusion: 'logits' } } });
    expect(prunedManifest.provenance.method).toContain(`its outputs reused from the cache of ${studentRun}`);
    for (const dir of [int8, pruned]) expect(dir.startsWith(join(studentRun, 'bundles'))).toBe(true);
    await screenshot(page, 'x04-int8-and-pruned');
  });

  it('compares teacher, student, int8 and pruned, and shows the report with its plots, saying it is synthetic', { timeout: 300_000 }, async () => {
    const dir = await distil.compare();
    const report = json<ModelComparison>(join(dir, 'report.json'));
    const rows = await distil.reportRows();
    expect(rows.map((r) => r.role)).toEqual(['teacher', 'teacher', 'student', 'int8', 'pruned']);
    // What the page shows is what the core measured.
    rows.forEach((row, i) => {
      const m = report.models[i]!;
      expect(row.cells.oa).toBe(percent(m.scores.oa));
      expect(row.cells.kappa).toBe(m.scores.kappa.toFixed(3));
      expect(row.cells.ece).toBe(`${percent(m.scores.calibrationBefore.ece)} → ${percent(m.scores.calibrationAfter.ece)}`);
      expect(row.cells.agreement).toBe(i === 0 ? 'reference' : percent(m.agreement));
    });
    expect(report.models.map((m) => m.bundle)).toEqual([join(teacherRun, 'bundles', '1'), join(teacherRun, 'bundles', '2'), join(studentRun, 'bundles', '1'), int8, pruned]);
    expect(report.models[3]!.cost.bytes).toBeLessThan(report.models[2]!.cost.bytes);
    expect(report.models[4]!.cost.parameters).toBeLessThan(report.models[2]!.cost.parameters);
    const { notes, synthetic } = await distil.reportNotes();
    expect(synthetic).toBe(true);
    expect(notes[0]).toMatch(/^Synthetic: the teacher was trained, the student distilled and every model scored on synthetic So2Sat data/);
    expect(notes.some((n) => n.startsWith('Scored on the training file itself'))).toBe(true);
    expect(await distil.plotDots()).toEqual({ throughput: 5, size: 5 });
    await distil.showReportTable();
    await screenshot(page, 'x05-comparison-report');
    await distil.openJobsDock();
  });

  it('lists the student, int8 and pruned bundles in the Mapping tab with their provenance, and maps the synthetic city with the int8 student', { timeout: 300_000 }, async () => {
    await mapping.openTab('mapping');
    await mapping.modelDirs(5);
    const models = await distil.mappingModels();
    const byDir = new Map(models.map((m) => [m.dir, m]));
    expect(byDir.get(join(studentRun, 'bundles', '1'))).toMatchObject({ kind: 'student', lineage: 'distilled from 2 teacher bundles: T 3, alpha 0.7, mean of logits' });
    expect(byDir.get(int8)).toMatchObject({ kind: 'int8', lineage: expect.stringMatching(/^int8 of ".*": MinMax calibration on 200 patches/) });
    expect(byDir.get(pruned)).toMatchObject({ kind: 'pruned', lineage: expect.stringMatching(/^pruned from ".*": 50 % of the filters removed/) });
    expect(byDir.get(join(teacherRun, 'bundles', '1'))?.kind).toBe('model');
    await mapping.useDemoScene();
    await distil.mapOnlyWith(int8);
    await screenshot(page, 'x06-mapping-models');
    const job = await mapping.startMapping();
    expect(await mapping.waitForJobEnd(job)).toBe('succeeded');
    const results = await mapping.listedResults();
    const summary = json<ResultSummary>(join(results[0]!.dir, 'summary.json'));
    expect(summary.models.map((m) => m.dir)).toEqual([int8]);
    expect(summary.synthetic).toBe(true);
    await mapping.openResult(0);
    await screenshot(page, 'x07-int8-map');
    expect(consoleErrors).toEqual([]);
  });
});
