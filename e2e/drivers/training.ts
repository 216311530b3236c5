// Domain actions of the Training view (its setup column, the curves and the report of the run in focus): specs speak
// in these, never in selectors.
import type { Page } from '../helpers/browser';
import { ShellDriver } from './shell';

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
  /** What the report says of the backend where it is read, without opening its "details". */
  backend: string;
  /** The caveats under the selected model's headlines (few patches, a worse ECE after scaling). */
  caveats: string[];
  synthetic: boolean;
}

/** The curves of the run in focus (the Training view's curves pane). */
const CURVE_COUNTS = '[data-testid="curves-pane"] [data-testid="run-curves-loss-counts"]';
/** The same, while the run in focus is the one training. */
const LIVE_CURVE_COUNTS = '[data-testid="curves-pane"][data-live="true"] [data-testid="run-curves-loss-counts"]';

export class TrainingDriver {
  private readonly shell: ShellDriver;

  constructor(readonly page: Page) {
    this.shell = new ShellDriver(page);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  /** Shows the Training view (the name stays from when training was a sidebar tab). */
  async openTab(): Promise<void> {
    await this.shell.showView('training');
    await this.id('training-setup').waitFor({ state: 'visible' });
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

  /** A hyper-parameter's field as it reads now (folded or not). */
  async setting(name: string): Promise<string> {
    return this.id(`setting-${name}`).inputValue();
  }

  /** What the training data panel says of the chosen file, once it has read it. */
  async chosenData(): Promise<{ path: string; patches: number; synthetic: boolean }> {
    const facts = this.id('dataset-facts');
    await facts.waitFor({ timeout: 30_000 });
    return {
      path: (await facts.getAttribute('data-path')) ?? '',
      patches: Number(await facts.getAttribute('data-patches')),
      synthetic: (await facts.getAttribute('data-synthetic')) === 'true',
    };
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
      ([selector, n]) => Number(document.querySelector(selector)?.getAttribute('data-train') ?? 0) >= n,
      [LIVE_CURVE_COUNTS, trainPoints] as const,
      { timeout, polling: 200 },
    );
    return this.curveCounts(LIVE_CURVE_COUNTS);
  }

  /** Waits until the epoch under way shows its running loss in the live curves. */
  async waitForRunningLoss(timeout = 60_000): Promise<void> {
    await this.page.waitForFunction((selector) => Number(document.querySelector(selector)?.getAttribute('data-running') ?? 0) > 0, LIVE_CURVE_COUNTS, {
      timeout,
      polling: 100,
    });
  }

  private async curveCounts(selector: string): Promise<CurveCounts> {
    const el = this.page.locator(selector);
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

  /** Waits for the Training view to say how the job ended: succeeded, failed or cancelled. */
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

  /** Resume from the Training view's outcome; returns the resume job's id. */
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
          name: item.querySelector('.item-name')?.textContent ?? '',
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

  /** Opens a run's report beside its curves and waits until both are read. */
  async openRun(dir: string): Promise<void> {
    await this.openTab();
    await this.page.locator(`[data-testid="run-item"][data-dir="${dir}"]`).click();
    await this.page.waitForFunction((d) => {
      const report = document.querySelector('[data-testid="run-report"]');
      const curves = document.querySelector(`[data-testid="curves-pane"][data-dir="${d}"] [data-testid="run-curves-loss-counts"]`);
      return report !== null && report.getAttribute('data-state') !== 'loading' && curves !== null;
    }, dir);
  }

  /** The folder of the run whose report is open, once it has been read; null when no report is open. */
  async openedRun(): Promise<string | null> {
    await this.page.waitForFunction(() => document.querySelector('[data-testid="run-report"]')?.getAttribute('data-state') !== 'loading');
    return this.page.evaluate(() => document.querySelector('[data-testid="run-report"]')?.getAttribute('data-dir') ?? null);
  }

  /** The report of the run under way, beside its live curves ("Show it" when another run's report is open). */
  async openLiveRun(): Promise<void> {
    if ((await this.id('live-open-report').count()) > 0) await this.id('live-open-report').click();
    await this.page.waitForFunction(() => document.querySelector('[data-testid="run-report"]')?.getAttribute('data-state') === 'training');
  }

  /** What the report of a run under way shows: why there are no scores yet, and the curves so far. */
  async liveReport(): Promise<{ note: string; curves: CurveCounts }> {
    return { note: ((await this.id('report-not-evaluated').textContent()) ?? '').trim(), curves: await this.curveCounts(LIVE_CURVE_COUNTS) };
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
      curves: await this.curveCounts(CURVE_COUNTS),
      bundles: await this.id('members-table')
        .getByTestId('member-bundle')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? '')),
      backend: ((await this.id('run-backend').innerText()) ?? '').trim(),
      caveats: await this.page.locator('[data-testid="report-caveats"] li').allInnerTexts(),
      synthetic: (await this.id('report-synthetic').count()) > 0,
    };
  }

  /** Epochs done of each member, as the report's members table says. */
  async reportMemberEpochs(): Promise<number[]> {
    return this.id('members-table')
      .getByTestId('member-status')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-epochs'))));
  }

  /** The drawn width of the loss chart of the run in focus, in pixels. */
  async curveChartWidth(): Promise<number> {
    const box = await this.page.locator('[data-testid="curves-pane"] [data-testid="run-curves-loss"] svg').first().boundingBox();
    if (!box) throw new Error('no loss chart is drawn');
    return box.width;
  }

  /** Scrolls the report to a part of it (for a screenshot); the curves are beside it, in their own pane. */
  async showInReport(part: 'scores' | 'calibration' | 'curves' | 'facts'): Promise<void> {
    const testId = { scores: 'scores-section', calibration: 'calibration-section', curves: 'curves-pane', facts: 'run-facts' }[part];
    await this.id(testId).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  }
}
