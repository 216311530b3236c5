// Domain actions of the Training tab and of a run's report: specs speak in these, never in selectors.
import type { Page } from '../helpers/browser';

export interface MemberSpec {
  arch: string;
  inputs: 'all' | 'rgb' | 'rand3' | 'sen1-sen2';
  seed: number;
}

export interface ListedRun {
  name: string;
  dir: string;
  state: string;
  oa: number | null;
}

export interface CurveCounts {
  train: number;
  validation: number;
  running: number;
}

export interface ReportFigures {
  state: string;
  models: string[];
  selected: string;
  oa: string;
  kappa: string;
  oaUrban: string;
  oaBuiltNatural: string;
  oaWeighted: string;
  meanF1: string;
  classRows: number;
  confusionCells: number;
  calibration: { before: { ece: number; bars: number; shownEce: string }; after: { ece: number; bars: number; shownEce: string } };
  curves: CurveCounts;
  bundles: string[];
  backend: string;
  synthetic: boolean;
}

export class TrainingDriver {
  constructor(readonly page: Page) {}

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  async openTab(): Promise<void> {
    await this.id('tab-training').click();
    await this.id('tab-panel-training').waitFor({ state: 'visible' });
  }

  /** Chooses a training file by its path (browser mode's dialog); returns what the panel says about it. */
  async chooseFile(path: string): Promise<string> {
    await this.openTab();
    await this.id('dataset-choose').click();
    await this.id('dataset-path-input').fill(path);
    await this.id('dataset-path-submit').click();
    const handle = await this.page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="dataset-facts"], [data-testid="dataset-error"]');
        return el ? (el.getAttribute('data-testid') === 'dataset-error' ? `error: ${el.textContent ?? ''}` : 'ready') : null;
      },
      undefined,
      { timeout: 30_000 },
    );
    return (await handle.jsonValue()) as string;
  }

  /** "Use synthetic So2Sat data" with a patch count: the job makes the file, then the panel describes it. */
  async useSyntheticData(patches: number, timeout = 120_000): Promise<{ patches: number; synthetic: boolean }> {
    await this.openTab();
    await this.id('synthetic-patches').fill(String(patches));
    await this.id('synthetic-data-button').click();
    const handle = await this.page.waitForFunction(
      () => {
        const facts = document.querySelector('[data-testid="dataset-facts"]');
        if (facts) return 'ready';
        const problem = document.querySelector('[data-testid="synthetic-failed"], [data-testid="dataset-error"], [data-testid="error-banner"]');
        return problem ? `failed: ${problem.textContent ?? ''}` : null;
      },
      undefined,
      { timeout, polling: 250 },
    );
    const state = (await handle.jsonValue()) as string;
    if (state !== 'ready') throw new Error(`The synthetic So2Sat data was not made: ${state}`);
    const facts = this.id('dataset-facts');
    return { patches: Number(await facts.getAttribute('data-patches')), synthetic: (await facts.getAttribute('data-synthetic')) === 'true' };
  }

  /** The bars of the class histogram, as {code: patches}. */
  async classHistogram(): Promise<Record<string, number>> {
    const labels = await this.id('class-histogram').locator('rect[aria-label]').evaluateAll((rects) => rects.map((r) => r.getAttribute('aria-label') ?? ''));
    return Object.fromEntries(labels.map((l) => [/^LCZ (\S+):/.exec(l)?.[1] ?? l, Number(l.slice(l.lastIndexOf(':') + 1))]));
  }

  /** Replaces the ensemble with these members. */
  async buildEnsemble(members: MemberSpec[]): Promise<void> {
    await this.openTab();
    const rows = this.id('member-list').getByTestId('member-row');
    while ((await rows.count()) > 0) await rows.first().getByTestId('member-remove').click();
    for (const [i, m] of members.entries()) {
      await this.id('member-add').click();
      const row = rows.nth(i);
      await row.getByTestId('member-arch').selectOption(m.arch);
      await row.getByTestId('member-inputs').selectOption(m.inputs);
      await row.getByTestId('member-seed').fill(String(m.seed));
    }
  }

  async members(): Promise<{ arch: string; inputs: string }[]> {
    return this.id('member-list')
      .getByTestId('member-row')
      .evaluateAll((rows) => rows.map((r) => ({ arch: r.getAttribute('data-arch') ?? '', inputs: r.getAttribute('data-inputs') ?? '' })));
  }

  async useTeacherPreset(): Promise<void> {
    await this.id('teacher-preset').click();
  }

  /** Fills hyper-parameters by name (epochs, batchSize, learningRate, maxPatches, name…), unfolding the panel first. */
  async setSettings(values: Record<string, string>): Promise<void> {
    const toggle = this.id('train-settings-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    for (const [name, value] of Object.entries(values)) await this.id(`setting-${name}`).fill(value);
  }

  async problems(): Promise<string[]> {
    const list = this.id('train-problems');
    if ((await list.count()) === 0) return [];
    return list.locator('li').allTextContents();
  }

  async startLabel(): Promise<string> {
    return ((await this.id('train-start').textContent()) ?? '').trim();
  }

  /** Presses Train; returns the id of the job it started. */
  async startTraining(): Promise<string> {
    await this.openTab();
    const before = await this.currentJobId();
    await this.id('train-start').click();
    return this.waitForNewJob(before);
  }

  private async currentJobId(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('[data-testid="train-progress"], [data-testid="train-outcome"]')?.getAttribute('data-job-id') ?? null);
  }

  private async waitForNewJob(previous: string | null): Promise<string> {
    const handle = await this.page.waitForFunction(
      (prev) => {
        const id = document.querySelector('[data-testid="train-progress"], [data-testid="train-outcome"]')?.getAttribute('data-job-id');
        return id && id !== prev ? id : null;
      },
      previous,
      { timeout: 30_000 },
    );
    return (await handle.jsonValue()) as string;
  }

  /** What the live curves hold (points per series), once they hold at least `trainPoints` finished epochs. */
  async waitForLiveCurves(trainPoints = 1, timeout = 180_000): Promise<CurveCounts> {
    await this.page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="live-curves-loss-counts"]')?.getAttribute('data-train') ?? 0) >= n,
      trainPoints,
      { timeout, polling: 200 },
    );
    return this.curveCounts('live-curves-loss-counts');
  }

  /** Waits until the epoch under way shows its running loss in the live curves. */
  async waitForRunningLoss(timeout = 60_000): Promise<void> {
    await this.page.waitForFunction(
      () => Number(document.querySelector('[data-testid="live-curves-loss-counts"]')?.getAttribute('data-running') ?? 0) > 0,
      undefined,
      { timeout, polling: 100 },
    );
  }

  private async curveCounts(testId: string): Promise<CurveCounts> {
    const el = this.id(testId);
    const n = async (a: string) => Number(await el.getAttribute(a));
    return { train: await n('data-train'), validation: await n('data-validation'), running: await n('data-running') };
  }

  /** The live panel's line: which member and epoch, the running loss, samples per second. */
  async liveStatus(): Promise<string> {
    return ((await this.id('live-status').textContent()) ?? '').trim();
  }

  async liveBackend(): Promise<string> {
    return ((await this.id('live-backend').locator('summary').textContent()) ?? '').trim();
  }

  async cancel(): Promise<void> {
    await this.id('train-cancel').click();
  }

  /** Waits for the Training tab to say how the job ended: succeeded, failed or cancelled. */
  async waitForJobEnd(jobId: string, timeout = 240_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      (id) => document.querySelector(`[data-testid="train-outcome"][data-job-id="${id}"]`)?.getAttribute('data-state') ?? null,
      jobId,
      { timeout, polling: 250 },
    );
    return (await handle.jsonValue()) as string;
  }

  async outcomeText(): Promise<string> {
    return ((await this.id('train-outcome').textContent()) ?? '').trim();
  }

  /** Resume from the Training tab's outcome; returns the resume job's id. */
  async resume(): Promise<string> {
    const before = await this.currentJobId();
    await this.id('train-resume').click();
    return this.waitForNewJob(before);
  }

  /** The runs listed, once the list is there; waits for `count` runs when given. */
  async runs(count?: number): Promise<ListedRun[]> {
    await this.openTab();
    await this.page.waitForFunction(
      (n) => {
        const panel = document.querySelector('[data-testid="runs-panel"]');
        if (!panel || panel.textContent?.includes('Listing the runs')) return false;
        return n === null || panel.querySelectorAll('[data-testid="run-item"]').length === n;
      },
      count ?? null,
      { timeout: 30_000 },
    );
    return this.id('runs-panel')
      .getByTestId('run-item')
      .evaluateAll((items) =>
        items.map((item) => ({
          name: item.querySelector('.run-name')?.textContent ?? '',
          dir: item.getAttribute('data-dir') ?? '',
          state: item.getAttribute('data-state') ?? '',
          oa: item.hasAttribute('data-oa') ? Number(item.getAttribute('data-oa')) : null,
        })),
      );
  }

  /** Waits until the listed run in `dir` is in `state`. */
  async waitForRunState(dir: string, state: string, timeout = 30_000): Promise<void> {
    await this.page.waitForFunction(
      ([d, s]) => document.querySelector(`[data-testid="run-item"][data-dir="${d}"]`)?.getAttribute('data-state') === s,
      [dir, state] as const,
      { timeout },
    );
  }

  /** Opens a run's report over the map and waits until it is read. */
  async openRun(dir: string): Promise<void> {
    await this.openTab();
    await this.page.locator(`[data-testid="run-item"][data-dir="${dir}"]`).click();
    await this.page.waitForFunction(() => {
      const report = document.querySelector('[data-testid="run-report"]');
      return report !== null && report.getAttribute('data-state') !== 'loading';
    });
  }

  /** "Open run" on the live panel: the report of the run under way. */
  async openLiveRun(): Promise<void> {
    await this.id('live-open-report').click();
    await this.page.waitForFunction(() => document.querySelector('[data-testid="run-report"]')?.getAttribute('data-state') === 'training');
  }

  /** What the report of a run under way shows: why there are no scores yet, and the curves so far. */
  async liveReport(): Promise<{ note: string; curves: CurveCounts }> {
    return { note: ((await this.id('report-not-evaluated').textContent()) ?? '').trim(), curves: await this.curveCounts('report-curves-loss-counts') };
  }

  async cancelFromReport(): Promise<void> {
    await this.id('report-cancel').click();
  }

  async reportOpen(): Promise<boolean> {
    return (await this.id('run-report').count()) > 0;
  }

  async closeReport(): Promise<void> {
    await this.id('run-report-close').click();
    await this.id('run-report').waitFor({ state: 'detached' });
  }

  async selectModel(key: string): Promise<void> {
    await this.page.locator(`[data-testid="score-row"][data-key="${key}"] [data-testid="score-select"]`).click();
    await this.page.locator(`[data-testid="model-details"][data-key="${key}"]`).waitFor();
  }

  /** Everything the report shows that a spec checks, as text and counts. */
  async reportFigures(): Promise<ReportFigures> {
    const report = this.id('run-report');
    await report.waitFor({ state: 'visible' });
    const text = async (testId: string) => ((await this.id(testId).first().textContent()) ?? '').trim();
    const calibration = async (which: 'before' | 'after') => ({
      ece: Number(await this.id(`reliability-${which}`).getAttribute('data-ece')),
      shownEce: await text(`reliability-${which}-ece`),
      // The first rect mark holds the accuracy bars (the second, the gaps).
      bars: await this.id(`reliability-${which}-chart`).locator('g[aria-label="rect"]').first().locator('rect').count(),
    });
    return {
      state: (await report.getAttribute('data-state')) ?? '',
      models: await this.id('scores-table')
        .getByTestId('score-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key') ?? '')),
      selected: (await this.id('model-details').getAttribute('data-key')) ?? '',
      oa: await text('report-oa'),
      kappa: await text('report-kappa'),
      oaUrban: await text('report-oa-urban'),
      oaBuiltNatural: await text('report-oa-bu'),
      oaWeighted: await text('report-oa-w'),
      meanF1: await text('report-f1'),
      classRows: await this.id('class-table').locator('tbody tr').count(),
      confusionCells: await this.id('report-confusion').locator('g[aria-label="cell"] rect').count(),
      calibration: { before: await calibration('before'), after: await calibration('after') },
      curves: await this.curveCounts('report-curves-loss-counts'),
      bundles: await this.id('members-table')
        .getByTestId('member-bundle')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? '')),
      backend: await text('run-backend'),
      synthetic: (await this.id('report-synthetic').count()) > 0,
    };
  }

  /** Epochs done of each member, as the report's members table says. */
  async reportMemberEpochs(): Promise<number[]> {
    return this.id('members-table')
      .getByTestId('member-status')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-epochs'))));
  }

  /** Scrolls the report to a part of it (for a screenshot). */
  async showInReport(part: 'scores' | 'calibration' | 'curves' | 'facts'): Promise<void> {
    const testId = { scores: 'scores-section', calibration: 'calibration-section', curves: 'report-curves-section', facts: 'run-facts' }[part];
    await this.id(testId).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  }
}
