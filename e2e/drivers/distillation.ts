// Domain actions of the Distillation view (teacher, student, settings; the student's curves; quantize, prune and
// compare; the report) and of the Mapping tab's model labels: specs speak in these, never in selectors.
import type { Page } from '../helpers/browser';
import { ShellDriver } from './shell';

export interface ReportRowShown {
  name: string;
  role: string;
  cells: Record<string, string>;
}

export interface ListedModel {
  dir: string;
  name: string;
  kind: string;
  lineage: string | null;
  checked: boolean;
}

export class DistillationDriver {
  private readonly shell: ShellDriver;

  constructor(readonly page: Page) {
    this.shell = new ShellDriver(page);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  async open(): Promise<void> {
    await this.shell.showView('distillation');
    await this.id('distill-setup').waitFor({ state: 'visible' });
  }

  /** Ticks a finished training run as (part of) the teacher, once the view lists it. */
  async chooseTeacherRun(dir: string): Promise<void> {
    await this.open();
    const box = this.page.locator(`[data-testid="teacher-run"][data-dir="${dir}"]`);
    await box.waitFor({ timeout: 30_000 });
    await box.check();
  }

  /** "Use synthetic So2Sat data" (the workspace's file, which the Training view chooses too); waits until it is read. */
  async useSyntheticData(): Promise<string> {
    await this.id('distill-synthetic').click();
    await this.page.waitForFunction(() => /patches/.test(document.querySelector('[data-testid="distill-train-file"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    return (await this.id('distill-train-file').getAttribute('data-path')) ?? '';
  }

  async choosePreset(preset: string): Promise<void> {
    await this.id('student-choice').selectOption(preset);
  }

  async setSettings(settings: Partial<Record<'temperature' | 'alpha' | 'epochs' | 'learningRate' | 'maxPatches', string>>): Promise<void> {
    for (const [name, value] of Object.entries(settings)) await this.id(`distill-${name}`).fill(value);
  }

  async problems(): Promise<string[]> {
    const list = this.id('distill-problems');
    return (await list.count()) === 0 ? [] : list.locator('li').allTextContents();
  }

  /** The Distil button and what it distils into. */
  async startLabel(): Promise<string> {
    return `${(await this.id('distill-start').textContent()) ?? ''} ${(await this.id('distill-start-what').textContent()) ?? ''}`;
  }

  /** Presses Distil (or Resume); returns the id of the job it started, read off its progress bar. */
  async start(button: 'distill-start' | 'distill-resume' = 'distill-start'): Promise<string> {
    // Read now, without waiting: before the first job there is no progress bar (a locator would wait its full timeout).
    const before = await this.page.evaluate(() => document.querySelector('[data-testid="distill-progress"]')?.getAttribute('data-job-id') ?? null);
    await this.id(button).click();
    const handle = await this.page.waitForFunction(
      (previous) => {
        const id = document.querySelector('[data-testid="distill-progress"]')?.getAttribute('data-job-id');
        return id && id !== previous ? id : null;
      },
      before,
      { timeout: 30_000 },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Waits until the student's curves hold `epochs` validation points of the loss parts and of agreement; returns their counts. */
  async waitForEpochs(epochs: number, timeout = 120_000): Promise<{ loss: number; accuracy: number }> {
    await this.page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="distill-loss-counts"]')?.getAttribute('data-validation') ?? 0) >= 2 * n,
      epochs,
      { timeout, polling: 250 },
    );
    const count = async (testId: string) => Number(await this.id(testId).getAttribute('data-validation'));
    return { loss: await count('distill-loss-counts'), accuracy: await count('distill-accuracy-counts') };
  }

  async liveStatus(): Promise<string> {
    return (await this.id('distill-curves').getByTestId('live-status').textContent()) ?? '';
  }

  /** The folder of the run the live curves show. */
  async runDir(): Promise<string> {
    return (await this.id('distill-curves').getAttribute('data-dir')) ?? '';
  }

  async cancel(): Promise<void> {
    await this.id('distill-cancel').click();
  }

  /** Waits for a job to end, as the jobs dock says: succeeded, failed or cancelled. */
  async waitForJobEnd(jobId: string, timeout = 240_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      (id) => {
        const state = document.querySelector(`[data-job-id="${id}"][data-testid^="job-"]`)?.getAttribute('data-testid')?.replace('job-', '');
        return state && state !== 'running' && state !== 'queued' ? state : null;
      },
      jobId,
      { timeout, polling: 250 },
    );
    return (await handle.jsonValue()) as string;
  }

  async outcome(): Promise<{ state: string; text: string; canResume: boolean }> {
    const outcome = this.id('distill-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    await this.id('distill-resume').waitFor({ timeout: 30_000 }).catch(() => undefined);
    return { state: (await outcome.getAttribute('data-state')) ?? '', text: (await outcome.textContent()) ?? '', canResume: (await this.id('distill-resume').count()) > 0 };
  }

  /** Waits until the run in focus is done and its student can be compressed. */
  async waitForStudent(timeout = 60_000): Promise<void> {
    await this.id('compress-steps').waitFor({ timeout });
  }

  /**
   * One of the one-button steps; waits for the bundle it makes (int8, pruned) and returns its folder and provenance
   * line. `ticked`: checkboxes of the step to tick first (e.g. 'with-teacher').
   */
  async compress(step: 'quantize' | 'prune', settings: Record<string, string> = {}, ticked: string[] = [], timeout = 180_000): Promise<{ dir: string; text: string }> {
    for (const [name, value] of Object.entries(settings)) await this.id(`${step}-${name}`).fill(value);
    for (const name of ticked) await this.id(`${step}-${name}`).check();
    await this.id(`${step}-start`).click();
    const product = step === 'quantize' ? 'int8-product' : 'pruned-product';
    const handle = await this.page.waitForFunction(
      ([testId, failed]) => {
        const el = document.querySelector(`[data-testid="${testId}"]`);
        if (el?.textContent?.startsWith('Made:')) return 'ready';
        const problem = document.querySelector(`[data-testid="${failed}"], [data-testid="error-banner"]`);
        return problem ? `failed: ${problem.textContent ?? ''}` : null;
      },
      [product, `${step}-failed`] as const,
      { timeout, polling: 250 },
    );
    const state = (await handle.jsonValue()) as string;
    if (state !== 'ready') throw new Error(`${step} did not make its bundle: ${state}`);
    const el = this.id(product);
    return { dir: (await el.getAttribute('data-dir')) ?? '', text: (await el.textContent()) ?? '' };
  }

  /** "Compare models", then waits for the report; returns its folder. */
  async compare(timeout = 180_000): Promise<string> {
    await this.id('compare-start').click();
    const handle = await this.page.waitForFunction(
      () => {
        const report = document.querySelector('[data-testid="comparison-report"]');
        if (report) return `ready:${report.getAttribute('data-dir') ?? ''}`;
        const problem = document.querySelector('[data-testid="compare-failed"], [data-testid="report-error"], [data-testid="error-banner"]');
        return problem ? `failed: ${problem.textContent ?? ''}` : null;
      },
      undefined,
      { timeout, polling: 250 },
    );
    const state = (await handle.jsonValue()) as string;
    if (!state.startsWith('ready:')) throw new Error(`The comparison did not end in a report: ${state}`);
    return state.slice('ready:'.length);
  }

  async reportRows(): Promise<ReportRowShown[]> {
    return this.id('report-table')
      .getByTestId('report-row')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          name: row.querySelector('th')?.childNodes[2]?.textContent?.trim() ?? '',
          role: row.getAttribute('data-role') ?? '',
          cells: Object.fromEntries([...row.querySelectorAll('td')].map((td) => [td.getAttribute('data-col') ?? '', td.textContent ?? ''])),
        })),
      );
  }

  async reportNotes(): Promise<{ notes: string[]; synthetic: boolean }> {
    return { notes: await this.id('report-notes').locator('li').allTextContents(), synthetic: (await this.id('report-synthetic').count()) > 0 };
  }

  /** Dots drawn in each plot of the report. */
  async plotDots(): Promise<{ throughput: number; size: number }> {
    const dots = (testId: string) => this.id(testId).locator('circle').count();
    return { throughput: await dots('plot-throughput'), size: await dots('plot-size') };
  }

  /** The report's table in sight (the jobs dock folded away), for a screenshot. */
  async showReportTable(): Promise<void> {
    await this.shell.closeDock();
    await this.id('report-table').scrollIntoViewIfNeeded();
  }

  async openJobsDock(): Promise<void> {
    await this.shell.openDock();
  }

  /** The models of the Mapping tab with their labels (student / int8 / pruned) and provenance lines. */
  async mappingModels(): Promise<ListedModel[]> {
    return this.id('model-list')
      .getByTestId('model-row')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          dir: row.getAttribute('data-dir') ?? '',
          name: row.querySelector('.model-name')?.textContent ?? '',
          kind: row.getAttribute('data-kind') ?? '',
          lineage: row.querySelector('[data-testid="model-lineage"]')?.textContent ?? null,
          checked: (row.querySelector('input[type="checkbox"]') as HTMLInputElement | null)?.checked ?? false,
        })),
      );
  }

  /** Ticks only this model in the Mapping tab (the Mapping tab must be open). */
  async mapOnlyWith(dir: string): Promise<void> {
    for (const model of await this.mappingModels()) {
      const box = this.page.locator(`[data-testid="model-row"][data-dir="${model.dir}"] [data-testid="model-toggle"]`);
      await box.setChecked(model.dir === dir);
    }
  }
}
