// Domain actions of the Mapping and Results tabs, the confidence overlay and the probability inspector.
import type { Page } from '../helpers/browser';
import { MapCanvas } from '../helpers/map-canvas';
import { assertOverMap, calibrate } from '../helpers/map-projector';
import { ShellDriver } from './shell';

export type Tab = 'layers' | 'mapping' | 'results';

export interface ListedResult {
  name: string;
  dir: string;
  oa: number | null;
  synthetic: boolean;
}

/** An area of interest in degrees. */
export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

const SIDES = ['west', 'south', 'east', 'north'] as const;

/** The outline colours of the area of interest on the map: saved (solid amber), in the fields only (dashed blue). */
const AOI_SAVED = [245, 158, 11] as const;
const AOI_PENDING = [37, 99, 235] as const;

export interface ClassProbability {
  label: string;
  p: number;
}

export class MappingDriver {
  private readonly shell: ShellDriver;
  private readonly canvas: MapCanvas;

  constructor(readonly page: Page) {
    this.shell = new ShellDriver(page);
    this.canvas = new MapCanvas(page);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  /** A tab of the Map view's sidebar (showing the Map view first). */
  async openTab(tab: Tab): Promise<void> {
    await this.shell.showView('map');
    await this.id(`tab-${tab}`).click();
    await this.id(`tab-panel-${tab}`).waitFor({ state: 'visible' });
  }

  /** "Use the synthetic demo scene": generates it when the workspace has none (a job), then opens it. */
  async useDemoScene(timeout = 120_000): Promise<void> {
    await this.openTab('mapping');
    await this.page.evaluate(() => delete document.body.dataset.sceneReady);
    await this.id('demo-scene-button').click();
    // Ready, or a failure the page shows: say which rather than time out.
    const handle = await this.page.waitForFunction(
      () => {
        if (document.body.dataset.sceneReady === 'true') return 'ready';
        const problem = document.querySelector('[data-testid="demo-scene-failed"], [data-testid="error-banner"]');
        return problem ? `failed: ${problem.textContent ?? ''}` : null;
      },
      undefined,
      { timeout, polling: 250 },
    );
    const state = (await handle.jsonValue()) as string;
    if (state !== 'ready') throw new Error(`The demo scene did not open: ${state}`);
  }

  /** Open… then a path on the server: a multi-band file (or a product) opens as a scene; resolves once it is drawn. */
  async openSceneByPath(path: string): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.sceneReady);
    await this.id('open-button').click();
    await this.id('path-input').fill(path);
    await this.id('path-submit').click();
    await this.page.waitForFunction(() => document.body.dataset.sceneReady === 'true', undefined, { timeout: 60_000 });
  }

  /** The band equivalence the Mapping tab offers: the stand-ins listed, the bands without one; null when none is offered. */
  async equivalenceOffer(): Promise<{ standIns: string[]; none: string } | null> {
    await this.openTab('mapping');
    const panel = this.id('equivalence-panel');
    if ((await panel.count()) === 0) return null;
    const none = this.id('equivalence-none');
    return {
      standIns: await this.id('equivalence-stand-ins').locator('li').allTextContents(),
      none: (await none.count()) > 0 ? ((await none.textContent()) ?? '') : '',
    };
  }

  /** Ticks "Use equivalent bands" and waits for the core's check of the scene with it. */
  async acceptEquivalence(): Promise<void> {
    await this.id('equivalence-toggle').setChecked(true);
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="mapping-problems"]') || !/does not name/.test(document.querySelector('[data-testid="mapping-problems"]')?.textContent ?? ''));
  }

  /** Types the scene's reflectance scale in the band mapping and saves it (the scene is redrawn with it). */
  async setScale(scale: string): Promise<void> {
    await this.openTab('mapping');
    await this.page.evaluate(() => delete document.body.dataset.sceneReady);
    await this.id('scale-input').fill(scale);
    await this.id('band-save').click();
    await this.page.waitForFunction(() => document.body.dataset.sceneReady === 'true', undefined, { timeout: 60_000 });
  }

  /** Types an area of interest in the scene settings and crops to it; returns what the panel then says. */
  async cropTo(box: Box): Promise<string> {
    await this.openTab('mapping');
    for (const side of SIDES) await this.id(`aoi-${side}`).fill(String(box[side]));
    return this.cropToFields();
  }

  /** "Crop to this area" with what the fields hold (typed or drawn); returns what the panel then says. */
  async cropToFields(): Promise<string> {
    await this.afterSceneRedrawn(() => this.id('aoi-save').click());
    return this.aoiNote();
  }

  /** "Whole scene": the crop is dropped and the scene drawn whole again (as it is, if not cropped); returns what the panel then says. */
  async wholeScene(): Promise<string> {
    await this.openTab('mapping');
    if ((await this.id('aoi-clear').count()) > 0) await this.afterSceneRedrawn(() => this.id('aoi-clear').click());
    return this.aoiNote();
  }

  /** What the area-of-interest panel says first (cropped to how many pixels, or the whole scene). */
  async aoiNote(): Promise<string> {
    return (await this.id('aoi-panel').locator('.hint').first().textContent()) ?? '';
  }

  /** Whether the panel says part of the saved area lies off the scene. */
  async aoiOverhangs(): Promise<boolean> {
    return this.id('aoi-overhang').isVisible();
  }

  /** The area of interest the fields hold (NaN for a side not a number). */
  async aoiFields(): Promise<Box> {
    const [west, south, east, north] = await Promise.all(SIDES.map(async (side) => Number(await this.id(`aoi-${side}`).inputValue())));
    return { west: west!, south: south!, east: east!, north: north! };
  }

  /**
   * "Draw on the map", then, as a person would, a press on the box's north-west corner, a drag to its south-east
   * corner and a release over the map. Resolves once the drawing has ended; returns the box the fields then hold
   * (not cropped to yet). The box must be in view, clear of the map's buttons.
   */
  async drawAoi(box: Box): Promise<Box> {
    await this.openTab('mapping');
    const project = await calibrate(this.page);
    const from = project(box.west, box.north);
    const to = project(box.east, box.south);
    await assertOverMap(this.page, from.x, from.y, 'The north-west corner of the area');
    await assertOverMap(this.page, to.x, to.y, 'The south-east corner of the area');
    await this.startAoiDrawing();
    await this.page.mouse.move(from.x, from.y, { steps: 4 });
    await this.page.mouse.down();
    // A hand's first move is a pixel or two; then on to the far corner.
    await this.page.mouse.move(from.x + Math.sign(to.x - from.x), from.y + Math.sign(to.y - from.y));
    await this.page.mouse.move(to.x, to.y, { steps: 12 });
    await this.page.mouse.up();
    await this.drawingEnded('when the rectangle was drawn');
    return this.aoiFields();
  }

  /** "Draw on the map": resolves once the panel says to drag a rectangle. */
  async startAoiDrawing(): Promise<void> {
    await this.openTab('mapping');
    await this.id('aoi-draw').click();
    await this.id('aoi-drawing').waitFor({ state: 'visible' });
  }

  /** Ends a drawing without drawing: Escape, the Cancel button, or another tab and back; returns what the fields hold. */
  async endAoiDrawing(how: 'escape' | 'cancel' | 'leave-tab'): Promise<Box> {
    if (how === 'escape') await this.page.keyboard.press('Escape');
    else if (how === 'cancel') await this.id('aoi-draw-cancel').click();
    else {
      await this.openTab('layers');
      await this.openTab('mapping');
    }
    await this.drawingEnded(`after ${how}`);
    return this.aoiFields();
  }

  /** Waits for the panel to offer "Draw on the map" again (the drawing has ended); says when it does not. */
  private async drawingEnded(after: string): Promise<void> {
    try {
      await this.id('aoi-draw').waitFor({ state: 'visible', timeout: 10_000 });
    } catch {
      throw new Error(`Drawing the area of interest did not end ${after}: the panel still says "${await this.id('aoi-drawing').textContent()}"`);
    }
  }

  /** Pixels of the map painted in the saved area's outline colour and in the unsaved one's, once the map holds still. */
  async aoiOutlinePixels(): Promise<{ saved: number; pending: number }> {
    return { saved: await this.canvas.countColour(AOI_SAVED, 12), pending: await this.canvas.countColour(AOI_PENDING, 12) };
  }

  /** Does `action`, then waits until the scene has been drawn again, or an error is shown (one shown before is closed first). */
  private async afterSceneRedrawn(action: () => Promise<void>): Promise<void> {
    if ((await this.id('error-dismiss').count()) > 0) await this.id('error-dismiss').click();
    await this.page.evaluate(() => delete document.body.dataset.sceneReady);
    await action();
    await this.page.waitForFunction(
      () => document.body.dataset.sceneReady === 'true' || document.querySelector('[data-testid="error-banner"]') !== null,
      undefined,
      { timeout: 60_000 },
    );
  }

  /** The honesty flags over the map and on the result card, and the card's warnings. */
  async honesty(): Promise<{ badge: string[]; card: string[]; warnings: string[] }> {
    const texts = (selector: string) => this.page.locator(selector).allTextContents();
    await this.id('honesty-badge').waitFor({ state: 'visible', timeout: 30_000 });
    return {
      badge: await texts('[data-testid="honesty-badge"] .honesty-flag'),
      card: await texts('[data-testid="result-flags"] .honesty-flag'),
      warnings: await texts('[data-testid="result-warnings"] li'),
    };
  }

  async sceneName(): Promise<string> {
    return (await this.id('scene-name').textContent())?.trim() ?? '';
  }

  /** What the Mapping tab says of the scene: labelled synthetic, and whether its true LCZ map is known. */
  async sceneFacts(): Promise<{ synthetic: boolean; truth: string }> {
    return { synthetic: await this.id('scene-synthetic').isVisible(), truth: ((await this.id('scene-truth').textContent()) ?? '').trim() };
  }

  /** The path of the scene the Mapping tab shows. */
  async scenePath(): Promise<string> {
    return (await this.id('scene-name').getAttribute('title')) ?? '';
  }

  /** The listed models as {name, checked, demo}. */
  async models(): Promise<{ name: string; checked: boolean; demo: boolean }[]> {
    return this.id('model-list')
      .getByTestId('model-row')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          name: row.querySelector('.model-name')?.textContent ?? '',
          checked: (row.querySelector('input[type="checkbox"]') as HTMLInputElement | null)?.checked ?? false,
          demo: row.getAttribute('data-demo') === 'true',
        })),
      );
  }

  /** The folders of the listed models (bundles), once `count` of them are listed when given. */
  async modelDirs(count?: number): Promise<string[]> {
    await this.openTab('mapping');
    await this.page.waitForFunction((n) => n === null || document.querySelectorAll('[data-testid="model-row"]').length >= n, count ?? null, { timeout: 30_000 });
    return this.id('model-list')
      .getByTestId('model-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-dir') ?? ''));
  }

  /** Waits until the core has checked the scene against the chosen models and Map can be pressed. */
  async waitUntilMappable(timeout = 30_000): Promise<void> {
    await this.page.waitForFunction(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="mapping-start"]');
      return button !== null && !button.disabled;
    }, undefined, { timeout });
  }

  async problems(): Promise<string[]> {
    const list = this.id('mapping-problems');
    if ((await list.count()) === 0) return [];
    return list.locator('li').allTextContents();
  }

  /** Presses Map once the scene has been checked; returns the id of the job it started. */
  async startMapping(): Promise<string> {
    await this.openTab('mapping');
    await this.waitUntilMappable();
    const before = await this.page.evaluate(() => document.querySelector('[data-testid="mapping-outcome"]')?.getAttribute('data-job-id') ?? null);
    await this.id('mapping-start').click();
    // The new run shows its progress bar (or, if already over, its outcome) under its own job id.
    const handle = await this.page.waitForFunction(
      (previous) => {
        const el = document.querySelector('[data-testid="mapping-progress"], [data-testid="mapping-outcome"]');
        const id = el?.getAttribute('data-job-id');
        return id && id !== previous ? id : null;
      },
      before,
      { timeout: 30_000 },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Waits for the progress bar to show the mapping stage itself (patches being classified); returns its text. */
  async waitForMappingStage(timeout = 60_000): Promise<string> {
    await this.page.waitForFunction(
      () => /Mapping · \d+ %/.test(document.querySelector('[data-testid="mapping-progress"]')?.textContent ?? ''),
      undefined,
      { timeout },
    );
    return (await this.id('mapping-progress').textContent()) ?? '';
  }

  async cancelMapping(): Promise<void> {
    await this.id('mapping-cancel').click();
  }

  /** Waits for a job to end, as the job list says: succeeded, failed or cancelled (a queued job has not ended). */
  async waitForJobEnd(jobId: string, timeout = 240_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      (id) => {
        const row = document.querySelector(`[data-job-id="${id}"][data-testid^="job-"]`);
        const state = row?.getAttribute('data-testid')?.replace('job-', '');
        return state && state !== 'running' && state !== 'queued' ? state : null;
      },
      jobId,
      { timeout, polling: 250 },
    );
    return (await handle.jsonValue()) as string;
  }

  /** What the Mapping tab says about the end of the last run. */
  async outcome(): Promise<{ state: string; text: string }> {
    await this.openTab('mapping');
    const outcome = this.id('mapping-outcome');
    await outcome.waitFor({ state: 'visible' });
    return { state: (await outcome.getAttribute('data-state')) ?? '', text: (await outcome.textContent()) ?? '' };
  }

  async setModelChecked(index: number, checked: boolean): Promise<void> {
    await this.id('model-list').getByTestId('model-toggle').nth(index).setChecked(checked);
  }

  async ensembleNote(): Promise<string | null> {
    const note = this.id('ensemble-note');
    return (await note.count()) > 0 ? ((await note.textContent()) ?? '') : null;
  }

  async listedResults(): Promise<ListedResult[]> {
    await this.openTab('results');
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="results-panel"]')?.textContent?.includes('Listing the results'));
    return this.id('results-panel')
      .getByTestId('result-item')
      .evaluateAll((items) =>
        items.map((item) => ({
          name: item.querySelector('.item-name')?.textContent ?? '',
          dir: item.getAttribute('data-dir') ?? '',
          oa: item.hasAttribute('data-oa') ? Number(item.getAttribute('data-oa')) : null,
          synthetic: item.querySelector('.badge-synthetic') !== null,
        })),
      );
  }

  async openResult(index: number): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.mapReady);
    await this.id('results-panel').getByTestId('result-item').nth(index).click();
    await this.page.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 60_000 });
  }

  /** OA, kappa and mean F1 as shown in the accuracy panel; the number of F1 bars and of confusion cells drawn. */
  async accuracy(): Promise<{ oa: number; kappa: number; meanF1: number; f1Bars: number; confusionCells: number }> {
    await this.openTab('results');
    const panel = this.id('accuracy-panel');
    await panel.waitFor({ state: 'visible' });
    const number = async (testId: string) => Number(((await this.id(testId).textContent()) ?? '').replace(/[^\d.-]/g, ''));
    return {
      oa: await number('accuracy-oa'),
      kappa: await number('accuracy-kappa'),
      meanF1: await number('accuracy-f1'),
      f1Bars: await this.id('f1-chart').locator('g[aria-label="bar"] rect').count(),
      confusionCells: await this.id('confusion-chart').locator('g[aria-label="cell"] rect').count(),
    };
  }

  /** Whether the Results tab shows the open result's accuracy, and labels the result synthetic. */
  async resultDetails(): Promise<{ accuracyShown: boolean; synthetic: boolean }> {
    await this.openTab('results');
    return { accuracyShown: await this.id('accuracy-panel').isVisible(), synthetic: await this.id('result-synthetic').isVisible() };
  }

  /** Scrolls the confusion matrix into view (for a screenshot of it). */
  async showConfusionMatrix(): Promise<void> {
    await this.id('confusion-chart').scrollIntoViewIfNeeded();
  }

  // Each control of the overlay waits until the map has drawn what it changed (MapCanvas.after).

  async setOverlay(visible: boolean): Promise<void> {
    await this.openTab('layers');
    const toggle = this.id('overlay-toggle');
    if ((await toggle.isChecked()) !== visible) await this.canvas.after(() => toggle.setChecked(visible));
  }

  async setThreshold(value: number): Promise<void> {
    const slider = this.id('overlay-threshold');
    if (Number(await slider.inputValue()) !== value) await this.canvas.after(() => slider.fill(String(value)));
  }

  async setOverlayStyle(style: 'dim' | 'hatch'): Promise<void> {
    const option = this.id(`overlay-style-${style}`);
    if (!(await option.isChecked())) await this.canvas.after(() => option.check());
  }

  async setMeasure(measure: 'maxProbability' | 'margin' | 'certainty' | 'agreement'): Promise<void> {
    const select = this.id('overlay-measure');
    if ((await select.inputValue()) !== measure) await this.canvas.after(async () => void (await select.selectOption(measure)));
  }

  /** "31.2" from "31.2 % of the mapped cells are under 0.50". */
  async unsureShare(): Promise<number> {
    const text = (await this.id('overlay-share').textContent()) ?? '';
    return Number(/([\d.]+) %/.exec(text)?.[1] ?? Number.NaN);
  }

  /** A picture of the map, once it holds still (the overlay's controls wait for the map to draw their change). */
  async mapPicture(): Promise<Buffer> {
    return this.canvas.picture();
  }

  /** Clicks the map at a fraction of its size and reads the probe panel: class heading and the 17 bars drawn. */
  async probeAt(fx: number, fy: number): Promise<{ heading: string; bars: ClassProbability[]; truth: string | null }> {
    const box = await this.id('map').boundingBox();
    if (!box) throw new Error('map not visible');
    await this.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    const panel = this.id('probe-panel');
    await panel.waitFor({ state: 'visible' });
    await this.page.waitForFunction(() => document.querySelector('[data-testid="probe-panel"]')?.getAttribute('data-state') === 'ready');
    const bars = await this.id('probe-chart')
      .locator('rect[aria-label]')
      .evaluateAll((rects) =>
        rects.map((rect) => {
          const label = rect.getAttribute('aria-label') ?? '';
          return { label, p: Number(label.slice(label.lastIndexOf(':') + 1)) };
        }),
      );
    const truth = this.id('probe-truth');
    return {
      heading: (await this.id('probe-class').textContent())?.trim() ?? '',
      bars,
      truth: (await truth.count()) > 0 ? ((await truth.textContent())?.trim() ?? null) : null,
    };
  }
}
