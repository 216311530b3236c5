// Domain actions of the Deploy view (Axelera Metis): the device card, the bundle picker, the stepper, the report, the
// firmware; and the Mapping tab's device choice. Specs speak in these, never in selectors.
import type { Page } from '../helpers/browser';
import { ShellDriver } from './shell';

export interface DeviceCardFacts {
  state: string;
  simulated: boolean;
  headline: string;
  devices: number;
  sdk: string;
  problems: { code: string; text: string }[];
}

export interface DeployStepFacts {
  id: string;
  status: string;
  text: string;
}

export interface ReportFacts {
  dir: string;
  simulated: boolean;
  note: string;
  accuracy: { cpu: string; int8: string; card: string };
  fps: { device: string; host: string; system: string };
  text: string;
}

export class DeployDriver {
  private readonly shell: ShellDriver;

  constructor(readonly page: Page) {
    this.shell = new ShellDriver(page);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  /** The text as a reader sees it: blocks apart, runs of white space as one space. */
  private async text(testId: string): Promise<string> {
    return (await this.id(testId).first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Shows the Deploy view and waits until the card has been looked for. */
  async open(): Promise<void> {
    await this.shell.showView('deploy');
    await this.id('device-card-state').waitFor({ state: 'visible', timeout: 60_000 });
  }

  async deviceCard(): Promise<DeviceCardFacts> {
    const card = this.id('device-card-state');
    const problems = await this.id('device-problem').evaluateAll((items) => items.map((li) => ({ code: li.getAttribute('data-code') ?? '', text: (li.textContent ?? '').replace(/\s+/g, ' ').trim() })));
    return {
      state: (await card.getAttribute('data-state')) ?? '',
      simulated: (await card.getAttribute('data-simulated')) === 'true',
      headline: await this.text('device-headline'),
      devices: await this.id('device-row').count(),
      sdk: await this.text('device-sdk'),
      problems,
    };
  }

  /** What the main area says when no card was found (empty when it does not say it). */
  async noCardMessage(): Promise<string> {
    return (await this.id('deploy-no-card').count()) ? this.text('deploy-no-card') : '';
  }

  /** The bundles in the picker, in order, with their badges; once `count` are listed when given. */
  async bundles(count = 1): Promise<{ dir: string; text: string; badges: string[] }[]> {
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="deploy-bundle"]').length >= n, count, { timeout: 30_000 });
    return this.id('deploy-bundle').evaluateAll((rows) =>
      rows.map((row) => ({
        dir: row.getAttribute('data-dir') ?? '',
        text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
        badges: [...row.querySelectorAll('[data-testid="student-badge"]')].map((b) => b.textContent ?? ''),
      })),
    );
  }

  /** Chooses a bundle, and waits for the core's plan of its deployment. */
  async chooseBundle(dir: string): Promise<void> {
    await this.page.locator(`[data-testid="deploy-bundle"][data-dir="${dir}"]`).click();
    await this.id('deploy-calibration').waitFor({ state: 'visible' });
  }

  async planNote(): Promise<string> {
    return (await this.id('deploy-plan-note').count()) ? this.text('deploy-plan-note') : '';
  }

  /** The calibration data offered, by label. */
  async calibrationChoices(): Promise<string[]> {
    return this.id('deploy-calibration').locator('option').allTextContents();
  }

  async chooseCalibration(label: RegExp): Promise<void> {
    const labels = await this.calibrationChoices();
    const index = labels.findIndex((l) => label.test(l));
    if (index < 0) throw new Error(`no calibration data "${label}" among ${labels.join(', ')}`);
    await this.id('deploy-calibration').selectOption({ index });
  }

  /** Why "Deploy to Metis" cannot be pressed ('' when it can). */
  async blocked(): Promise<string> {
    return (await this.id('deploy-blocked').count()) ? this.text('deploy-blocked') : '';
  }

  async canDeploy(): Promise<boolean> {
    return this.id('deploy-start').isEnabled();
  }

  /** Presses "Deploy to Metis"; returns the id of the job it started. */
  async deploy(): Promise<string> {
    await this.page.waitForFunction(() => !(document.querySelector('[data-testid="deploy-start"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: 30_000 });
    await this.id('deploy-start').click();
    const handle = await this.page.waitForFunction(() => document.querySelector('[data-testid="deploy-stepper"]')?.getAttribute('data-job-id') ?? null, undefined, { timeout: 30_000 });
    return (await handle.jsonValue()) as string;
  }

  async steps(): Promise<DeployStepFacts[]> {
    return this.id('deploy-step').evaluateAll((items) =>
      items.map((li) => ({ id: li.getAttribute('data-step') ?? '', status: li.getAttribute('data-status') ?? '', text: (li.textContent ?? '').replace(/\s+/g, ' ').trim() })),
    );
  }

  /** Waits until a step has reached a status (or the job ended otherwise: then it says how). */
  async waitForStep(step: string, status: string, timeout = 120_000): Promise<void> {
    const handle = await this.page.waitForFunction(
      ([id, wanted]) => {
        const el = document.querySelector(`[data-testid="deploy-step"][data-step="${id}"]`);
        if (el?.getAttribute('data-status') === wanted) return 'ok';
        const state = document.querySelector('[data-testid="deploy-stepper"]')?.getAttribute('data-state');
        return state === 'failed' || state === 'cancelled' ? `the deploy ${state}: ${document.querySelector('[data-testid="deploy-outcome"]')?.textContent ?? ''}` : null;
      },
      [step, status] as const,
      { timeout, polling: 200 },
    );
    const result = (await handle.jsonValue()) as string;
    if (result !== 'ok') throw new Error(result);
  }

  /** Waits for the deploy to end; returns its state (succeeded, failed, cancelled). */
  async waitForDeployEnd(timeout = 240_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      () => {
        const state = document.querySelector('[data-testid="deploy-stepper"]')?.getAttribute('data-state');
        return state === 'succeeded' || state === 'failed' || state === 'cancelled' ? state : null;
      },
      undefined,
      { timeout, polling: 250 },
    );
    return (await handle.jsonValue()) as string;
  }

  async outcome(): Promise<string> {
    return (await this.id('deploy-outcome').count()) ? this.text('deploy-outcome') : '';
  }

  /** The report, once it is shown. */
  async report(timeout = 30_000): Promise<ReportFacts> {
    await this.id('deploy-report').waitFor({ state: 'visible', timeout });
    const report = this.id('deploy-report');
    return {
      dir: (await report.getAttribute('data-dir')) ?? '',
      simulated: (await report.getAttribute('data-simulated')) === 'true',
      note: (await this.id('report-simulated').count()) ? await this.text('report-simulated') : '',
      accuracy: { cpu: await this.text('acc-cpu'), int8: await this.text('acc-int8'), card: await this.text('acc-card') },
      fps: { device: await this.text('fps-device'), host: await this.text('fps-host'), system: await this.text('fps-system') },
      text: await this.text('deploy-report'),
    };
  }

  /** Scrolls a part of the view into sight (for a screenshot). */
  async show(part: 'stepper' | 'report' | 'device-card' | 'firmware'): Promise<void> {
    const testId = { stepper: 'deploy-stepper', report: 'deploy-report', 'device-card': 'device-card', firmware: 'firmware-panel' }[part];
    await this.id(testId).scrollIntoViewIfNeeded();
  }

  /** "Map with Metis": the Mapping tab opens with the deployment's model set to run on the card. */
  async mapWithMetis(): Promise<void> {
    await this.id('map-with-metis').click();
    await this.page.locator('[data-testid="view-panel-map"][data-active="true"]').waitFor({ state: 'visible' });
    await this.id('device-panel').waitFor({ state: 'visible', timeout: 30_000 });
    await this.page.locator('[data-testid="device-metis"]:checked').waitFor({ state: 'attached', timeout: 30_000 });
    await this.id('device-panel').scrollIntoViewIfNeeded();
  }

  /** The Mapping tab's device choice: the deployment chosen ('' for this computer), and whether it says simulated. */
  async mappingDevice(): Promise<{ deployment: string; simulated: boolean; label: string }> {
    const checked = this.page.locator('[data-testid="device-metis"]:checked');
    const deployment = (await checked.count()) ? ((await checked.getAttribute('data-dir')) ?? '') : '';
    return { deployment, simulated: (await this.id('device-simulated').count()) > 0, label: (await this.id('mapping-start').textContent()) ?? '' };
  }

  /** What the Results tab's details say about where the model ran (its Engine line), scrolled into sight. */
  async resultEngine(): Promise<string> {
    const engine = this.page.locator('dt', { hasText: /^Engine$/ }).locator('xpath=following-sibling::dd[1]');
    await engine.scrollIntoViewIfNeeded();
    return (await engine.textContent()) ?? '';
  }

  // Firmware.

  async firmwareVersions(): Promise<string[]> {
    const toggle = this.id('firmware-panel-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    return this.id('firmware-versions').locator('li').allTextContents();
  }

  /** Presses Update… for a device and returns the first question's text. */
  async askFirmwareUpdate(index = 0): Promise<string> {
    await this.id('firmware-update').nth(index).click();
    return this.text('firmware-warning-stage2');
  }

  /** Answers the first question; returns the second's text. */
  async confirmFirstQuestion(): Promise<string> {
    await this.id('firmware-confirm-1').click();
    return this.text('firmware-warning-power');
  }

  async confirmSecondQuestion(): Promise<void> {
    await this.id('firmware-confirm-2').click();
  }

  /** Waits for the vendor tool's output to show `text`; returns the whole log shown. */
  async waitForFirmwareLog(text: RegExp, timeout = 60_000): Promise<string> {
    const source = text.source;
    await this.page.waitForFunction((s) => new RegExp(s).test(document.querySelector('[data-testid="firmware-log"]')?.textContent ?? ''), source, { timeout, polling: 250 });
    return this.text('firmware-log');
  }
}
