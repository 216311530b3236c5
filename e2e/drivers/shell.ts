// Domain actions on the window's shell: views, the "Map my city" guide, the jobs dock, the session. Specs speak in
// these, never in selectors.
import type { Page } from '../helpers/browser';

export type ViewName = 'map' | 'compare' | 'training' | 'distillation' | 'deploy';
export type GuideStepName = 'scene' | 'model' | 'map' | 'export';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DockJob {
  id: string;
  state: string;
  title: string;
  /** The files a succeeded job wrote, as the dock lists them. */
  outputs: string[];
  /** What the job made, in the dock's words (its record's target), '' when it made nothing (yet). */
  made: string;
  /** The button that shows what it made ("Open on the map", "Open in Training"), '' when there is none. */
  open: string;
}

export interface Camera {
  lon: number;
  lat: number;
  zoom: number;
}

/** Whether two boxes share any area (touching edges do not). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export class ShellDriver {
  constructor(readonly page: Page) {}

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  async box(testId: string): Promise<Box> {
    const box = await this.id(testId).boundingBox();
    if (!box) throw new Error(`${testId} is not on screen`);
    return box;
  }

  async windowWidth(): Promise<number> {
    return this.page.evaluate(() => window.innerWidth);
  }

  /** Shows a view from the activity bar, and waits until it owns the main area. */
  async showView(view: ViewName): Promise<void> {
    if ((await this.activeView()) === view) return;
    await this.id(`view-${view}`).click();
    await this.page.locator(`[data-testid="view-panel-${view}"][data-active="true"]`).waitFor({ state: 'visible' });
  }

  async activeView(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('[data-testid^="view-panel-"][data-active="true"]')?.getAttribute('data-testid')?.replace('view-panel-', '') ?? null);
  }

  /** How the activity bar offers a view: whether it can be chosen, and what its tooltip says. */
  async viewOffer(view: ViewName): Promise<{ enabled: boolean; title: string }> {
    const button = this.id(`view-${view}`);
    return { enabled: (await button.getAttribute('aria-disabled')) !== 'true', title: (await button.getAttribute('title')) ?? '' };
  }

  /** Clicks a view's button whatever its state (a view not built must leave the user where they were). */
  async pressView(view: ViewName): Promise<void> {
    // force: Playwright will not click what says aria-disabled, but a user can, and nothing may happen then.
    await this.id(`view-${view}`).click({ force: true });
  }

  // The guide.

  async guideShown(): Promise<boolean> {
    return this.id('guide').isVisible();
  }

  async guideSteps(): Promise<Record<GuideStepName, string>> {
    const states = await this.page.locator('[data-testid^="guide-step-"]').evaluateAll((steps) =>
      steps.map((s) => [s.getAttribute('data-testid')!.replace('guide-step-', ''), s.getAttribute('data-state') ?? ''] as const),
    );
    return Object.fromEntries(states) as Record<GuideStepName, string>;
  }

  /** Waits until a step of the guide is in `state`. */
  async waitForGuideStep(step: GuideStepName, state: string, timeout = 30_000): Promise<void> {
    await this.page.locator(`[data-testid="guide-step-${step}"][data-state="${state}"]`).waitFor({ timeout });
  }

  async closeGuide(): Promise<void> {
    await this.id('guide-close').click();
    await this.id('guide').waitFor({ state: 'detached' });
  }

  /** "Start" in the activity bar. */
  async openGuide(): Promise<void> {
    await this.id('guide-open').click();
    await this.id('guide').waitFor({ state: 'visible' });
  }

  /** "Try the demo": the demo scene is made (a job) and opened; resolves once its picture is drawn. */
  async tryDemo(timeout = 120_000): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.sceneReady);
    await this.id('guide-demo').click();
    const handle = await this.page.waitForFunction(
      () => {
        if (document.body.dataset.sceneReady === 'true') return 'ready';
        const problem = document.querySelector('[data-testid="guide-demo-failed"], [data-testid="error-banner"]');
        return problem ? `failed: ${problem.textContent ?? ''}` : null;
      },
      undefined,
      { timeout, polling: 250 },
    );
    const state = (await handle.jsonValue()) as string;
    if (state !== 'ready') throw new Error(`The demo scene did not open: ${state}`);
  }

  // The jobs dock.

  async dockOpen(): Promise<boolean> {
    return this.id('jobs-dock').isVisible();
  }

  /** Opens the dock from the status bar when it is closed. */
  async openDock(): Promise<void> {
    if (!(await this.dockOpen())) await this.id('jobs-status').click();
    await this.id('jobs-dock').waitFor({ state: 'visible' });
  }

  async closeDock(): Promise<void> {
    await this.id('jobs-dock-close').click();
    await this.id('jobs-dock').waitFor({ state: 'detached' });
  }

  /** The jobs the dock lists, once it lists one in `state` when given. */
  async dockJobs(state?: string, timeout = 60_000): Promise<DockJob[]> {
    await this.openDock();
    if (state) await this.id('jobs-dock').locator(`[data-testid="job-${state}"]`).first().waitFor({ timeout });
    return this.id('jobs-dock')
      .locator('[data-job-id]')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          id: row.getAttribute('data-job-id') ?? '',
          state: (row.getAttribute('data-testid') ?? '').replace('job-', ''),
          title: row.querySelector('.job-title')?.textContent ?? '',
          outputs: [...row.querySelectorAll('[data-testid="job-output"]')].map((o) => o.textContent ?? ''),
          made: row.querySelector('[data-testid="job-made"] .job-made-words')?.textContent ?? '',
          open: row.querySelector('[data-testid="job-open"]')?.textContent ?? '',
        })),
      );
  }

  /** Presses the dock's button that shows what a job made (a result on the map, a run in the Training view). */
  async openFromDock(jobId: string): Promise<void> {
    await this.openDock();
    await this.id('jobs-dock').locator(`[data-job-id="${jobId}"] [data-testid="job-open"]`).click();
  }

  /** The status bar's count of running jobs, and what it says. */
  async jobsStatus(): Promise<{ running: number; text: string }> {
    const status = this.id('jobs-status');
    return { running: Number(await status.getAttribute('data-running')), text: ((await status.textContent()) ?? '').trim() };
  }

  // The map and the session.

  /** Where the map looks, as the status bar reads it (after the map came to rest). */
  async camera(): Promise<Camera> {
    const status = this.id('status-camera');
    await status.waitFor();
    const n = async (a: string) => Number(await status.getAttribute(a));
    return { lon: await n('data-lon'), lat: await n('data-lat'), zoom: await n('data-zoom') };
  }

  /** Pans by dragging the map, then zooms in with its + button; resolves once the camera has come to rest there. */
  async moveMap(dx: number, dy: number): Promise<Camera> {
    const before = await this.camera();
    const map = await this.box('map');
    const cx = map.x + map.width / 2;
    const cy = map.y + map.height / 2;
    await this.page.mouse.move(cx, cy);
    await this.page.mouse.down();
    await this.page.mouse.move(cx + dx / 2, cy + dy / 2, { steps: 5 });
    await this.page.mouse.move(cx + dx, cy + dy, { steps: 5 });
    await this.page.mouse.up();
    await this.page.getByTestId('map').locator('.maplibregl-ctrl-zoom-in').click();
    await this.page.waitForFunction(
      (zoom) => Number(document.querySelector('[data-testid="status-camera"]')?.getAttribute('data-zoom')) >= zoom + 0.99,
      before.zoom,
    );
    return this.camera();
  }

  /** Marks the map's canvas, so `sameMapCanvas` can tell whether the map was built again since. */
  async markMapCanvas(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { markedCanvas?: Element | null }).markedCanvas = document.querySelector('[data-testid="map"] canvas');
    });
  }

  async sameMapCanvas(): Promise<boolean> {
    return this.page.evaluate(() => {
      const marked = (window as unknown as { markedCanvas?: Element | null }).markedCanvas;
      return marked !== undefined && marked !== null && marked === document.querySelector('[data-testid="map"] canvas') && marked.isConnected;
    });
  }

  /** Waits until every change of the session is saved in the workspace. */
  async waitForSessionSaved(timeout = 30_000): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.session === 'saved', undefined, { timeout, polling: 50 });
  }

  /** Reloads the page and waits until the session is back: its map drawn. */
  async reload(): Promise<void> {
    await this.waitForSessionSaved();
    await this.page.reload();
    await this.page.waitForFunction(() => document.body.dataset.mapReady === 'true' && document.body.dataset.session === 'saved', undefined, { timeout: 60_000 });
  }

  /** The one-line notice, or null when there is none. */
  async notice(): Promise<string | null> {
    const notice = this.id('notice');
    return (await notice.count()) > 0 ? ((await notice.textContent()) ?? '').trim() : null;
  }

  async errorShown(): Promise<boolean> {
    return (await this.id('error-banner').count()) > 0;
  }
}
