// Domain actions of the Compare view and of "Map with teacher and student": specs speak in these, never in selectors.
import type { Page } from '../helpers/browser';
import { MappingDriver } from './mapping';
import { ShellDriver } from './shell';

export type CompareMode = 'swipe' | 'side-by-side' | 'difference';
export type Side = 'a' | 'b';
export type Rgb = readonly [number, number, number];

/** A point of the window, in CSS pixels (the page's device scale is 1). */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** A point where each map's own canvas shows one colour all around it, and the two colours differ. */
export interface TwoColourPoint extends ScreenPoint {
  a: Rgb;
  b: Rgb;
}

type CanvasWindow = Window & { lczCompareCanvas?: CompareCanvasReader };

interface CompareCanvasReader {
  pixels(side: Side): { width: number; height: number; left: number; top: number; data: Uint8ClampedArray } | null;
  /** Whether the page draws something over the maps at a window point (a graticule label, a control, a card). */
  covered(): (x: number, y: number) => boolean;
}

// Runs in the page (defined in place: the app's CSP forbids eval): a 2D copy of one map's WebGL canvas, kept after
// drawing (preserveDrawingBuffer), with where the canvas sits in the window.
function installReader(): void {
  (window as CanvasWindow).lczCompareCanvas ??= {
    pixels(side) {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="compare-map-${side}"] canvas.maplibregl-canvas`);
      if (!canvas || canvas.width === 0) return null;
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(canvas, 0, 0);
      const box = canvas.getBoundingClientRect();
      return { width: copy.width, height: copy.height, left: box.left, top: box.top, data: context.getImageData(0, 0, copy.width, copy.height).data };
    },
    covered() {
      // With a margin for shadows.
      const over = [...document.querySelectorAll('.graticule-label, .floating-card, .side-label, .synthetic-notice, .maplibregl-ctrl, .swipe-divider')].map((el) =>
        el.getBoundingClientRect(),
      );
      return (x, y) => over.some((b) => x >= b.left - 12 && x <= b.right + 12 && y >= b.top - 12 && y <= b.bottom + 12);
    },
  };
}

export class CompareDriver {
  private readonly shell: ShellDriver;
  private readonly mapping: MappingDriver;

  constructor(readonly page: Page) {
    this.shell = new ShellDriver(page);
    this.mapping = new MappingDriver(page);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  // ---- Map with teacher and student (Mapping tab) ----

  /** Chooses the teacher and the student among the listed models, by their bundle folders. */
  async choosePair(teacherDir: string, studentDir: string): Promise<void> {
    await this.mapping.openTab('mapping');
    await this.mapping.modelDirs(2);
    await this.id('pair-teacher').selectOption(teacherDir);
    await this.id('pair-student').selectOption(studentDir);
    await this.page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-testid="pair-start"]')?.disabled, undefined, { timeout: 30_000 });
  }

  /** Presses "Map with teacher and student" and waits until their comparison is drawn in the Compare view. */
  async mapTeacherAndStudent(timeout = 400_000): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.compareReady);
    await this.id('pair-start').click();
    await this.waitForComparison(timeout);
  }

  /** What the pair's steps say (teacher, student, comparison: their states). */
  async pairSteps(): Promise<string[]> {
    return this.id('pair-steps').locator('li').evaluateAll((items) => items.map((li) => `${li.querySelector('.pair-step-label')?.textContent}: ${li.getAttribute('data-state')}`));
  }

  // ---- The Compare view ----

  async showView(): Promise<void> {
    await this.shell.showView('compare');
  }

  /** Folds the jobs dock away (it opens while jobs run) and waits until the maps have taken the room. */
  async closeDock(): Promise<void> {
    if (!(await this.shell.dockOpen())) return;
    const before = await this.checksums();
    await this.shell.closeDock();
    await this.settled(before);
  }

  /** Waits until a comparison is drawn, or says what the page shows went wrong instead. */
  async waitForComparison(timeout = 120_000): Promise<void> {
    const handle = await this.page.waitForFunction(
      () => {
        if (document.body.dataset.compareReady === 'true') return 'ready';
        const problem = document.querySelector('[data-testid="pair-failed"], [data-testid="compare-failed"], [data-testid="error-banner"]');
        return problem ? `failed: ${problem.textContent ?? ''}` : null;
      },
      undefined,
      { timeout, polling: 250 },
    );
    const state = (await handle.jsonValue()) as string;
    if (state !== 'ready') throw new Error(`The comparison did not open: ${state}`);
    await this.settled();
  }

  /** The saved comparisons listed in the view. */
  async listed(): Promise<string[]> {
    await this.showView();
    return this.id('comparisons-panel').getByTestId('comparison-item').evaluateAll((items) => items.map((el) => el.getAttribute('data-dir') ?? ''));
  }

  async activeView(): Promise<string | null> {
    return this.shell.activeView();
  }

  async setMode(mode: CompareMode): Promise<void> {
    if ((await this.mode()) === mode) return;
    const before = await this.checksums();
    await this.id(`compare-mode-${mode}`).click();
    await this.settled(before);
  }

  async mode(): Promise<string | null> {
    return this.id('compare-maps').getAttribute('data-mode');
  }

  /** The names and kinds of the maps compared, as the Maps panel says. */
  async comparedMaps(): Promise<{ a: string; b: string; truth: string | null }> {
    const text = async (testId: string) => ((await this.id(testId).count()) ? ((await this.id(testId).locator('.compared-name').textContent()) ?? '').trim() : null);
    return { a: (await text('compared-a')) ?? '', b: (await text('compared-b')) ?? '', truth: await text('compared-truth') };
  }

  async syntheticNotice(): Promise<string | null> {
    const notice = this.id('compare-synthetic-notice');
    return (await notice.count()) > 0 ? ((await notice.textContent()) ?? '').trim() : null;
  }

  /** The figures of the Numbers table, as numbers (percentages as shares). */
  async numbers(): Promise<{ agreement: number; kappa: number; quantity: number; allocation: number; oa: [number, number] | null }> {
    const text = async (testId: string) => ((await this.id(testId).textContent()) ?? '').trim();
    const share = async (testId: string) => Number((await text(testId)).replace(/[^\d.]/g, '')) / 100;
    const oaText = (await this.id('compare-truth-oa').count()) ? await text('compare-truth-oa') : null;
    const oa = oaText ? (oaText.split('·').map((p) => Number(p.replace(/[^\d.]/g, '')) / 100) as [number, number]) : null;
    return { agreement: await share('compare-agreement'), kappa: Number(await text('compare-kappa')), quantity: await share('compare-quantity'), allocation: await share('compare-allocation'), oa };
  }

  /** The Pontius bar's parts, as their shares. */
  async pontius(): Promise<{ agreement: number; quantity: number; allocation: number }> {
    const share = async (part: string) => Number(await this.id(`pontius-${part}`).getAttribute('data-share'));
    return { agreement: await share('agreement'), quantity: await share('quantity'), allocation: await share('allocation') };
  }

  /** Bars of the area chart (two per class present). */
  async areaBars(): Promise<number> {
    return this.id('compare-area-chart').locator('rect').count();
  }

  // ---- The cross-tabulation ----

  /** The heat map's cells with their counts. */
  async crossTab(): Promise<{ a: number; b: number; cells: number }[]> {
    return this.id('crosstab-chart')
      .getByTestId('crosstab-cell')
      .evaluateAll((rects) => rects.map((r) => ({ a: Number(r.getAttribute('data-a')), b: Number(r.getAttribute('data-b')), cells: Number(r.getAttribute('data-cells')) })));
  }

  /** Clicks a cell of the heat map and waits until the maps have drawn its cells highlighted. */
  async clickCrossTab(a: number, b: number): Promise<void> {
    const before = await this.checksums();
    await this.id('crosstab-chart').locator(`[data-testid="crosstab-cell"][data-a="${a}"][data-b="${b}"]`).click();
    await this.id('compare-selection').waitFor({ state: 'visible' });
    await this.settled(before);
  }

  /** What the selection says is highlighted: its pair and its cell count. */
  async selection(): Promise<{ a: number; b: number; text: string } | null> {
    const chip = this.id('compare-selection');
    if ((await chip.count()) === 0) return null;
    return { a: Number(await chip.getAttribute('data-a')), b: Number(await chip.getAttribute('data-b')), text: ((await chip.textContent()) ?? '').trim() };
  }

  async clearSelection(): Promise<void> {
    const before = await this.checksums();
    await this.id('compare-selection-clear').click();
    await this.settled(before);
  }

  /** The difference legend's pairs, with their colours. */
  async legendPairs(): Promise<{ a: number; b: number; color: string }[]> {
    return this.id('difference-legend')
      .getByTestId('difference-legend-pair')
      .evaluateAll((rows) => rows.map((r) => ({ a: Number(r.getAttribute('data-a')), b: Number(r.getAttribute('data-b')), color: r.getAttribute('data-color') ?? '' })));
  }

  // ---- Pointer, divider, camera ----

  /** MapLibre canvases in the Compare view: none until the view was first shown, then one per map. */
  async mapCanvasCount(): Promise<number> {
    return this.page.locator('[data-testid="compare-maps"] canvas.maplibregl-canvas').count();
  }

  /** The maps' area in the window. */
  async mapBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.id('compare-maps').boundingBox();
    if (!box) throw new Error('the compared maps are not visible');
    return box;
  }

  /**
   * Points at `point` and returns the class of each map there, as the cursor readout says once the core answered
   * (the pointer first leaves the maps, so the reading is always a new one).
   */
  async classesAt(point: ScreenPoint): Promise<{ a: number; b: number }> {
    await this.page.mouse.move(2, 2);
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="compare-cursor"]')?.hasAttribute('data-lon'));
    await this.page.mouse.move(point.x, point.y);
    await this.page.locator('[data-testid="compare-cursor"][data-ready="true"]').waitFor();
    const value = async (side: string) => Number(await this.id(`compare-cursor-${side}`).getAttribute('data-value'));
    return { a: await value('a'), b: await value('b') };
  }

  /** Drags the swipe divider to a share of the maps' width (0: all B, 1: all A) and waits until it is drawn there. */
  async dragDivider(to: number): Promise<void> {
    const handle = await this.id('swipe-divider').locator('.swipe-handle').boundingBox();
    if (!handle) throw new Error('the swipe divider is not shown');
    const box = await this.mapBox();
    await this.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * to, handle.y + handle.height / 2, { steps: 8 });
    await this.page.mouse.up();
    // The divider moves B's clip-path, not the maps' pixels (their canvases stay as they were, so a wait for them to
    // change would only time out): wait until it says it is there, and for two frames drawn since.
    await this.page.waitForFunction(
      (target) => Math.abs(Number(document.querySelector('[data-testid="swipe-divider"]')?.getAttribute('aria-valuenow')) - target) <= 2,
      Math.round(to * 100),
    );
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }

  /** Where the divider is, 0-1 across the maps, as it says to assistive technology. */
  async dividerAt(): Promise<number> {
    return Number(await this.id('swipe-divider').getAttribute('aria-valuenow')) / 100;
  }

  /** The divider's x in the window. */
  async dividerX(): Promise<number> {
    const box = await this.id('swipe-divider').boundingBox();
    if (!box) throw new Error('the swipe divider is not shown');
    return box.x + box.width / 2;
  }

  /** Zooms in (or out, with a negative number) with the zoom buttons of map B (top right), one level a press. */
  async zoom(levels: number): Promise<void> {
    const button = this.id('compare-map-b').locator(levels > 0 ? '.maplibregl-ctrl-zoom-in' : '.maplibregl-ctrl-zoom-out');
    for (let i = 0; i < Math.abs(levels); i++) {
      const before = await this.checksums();
      await button.click();
      await this.settled(before);
    }
  }

  /** Each map's centre and zoom, as its map says once it came to rest. */
  async cameras(): Promise<Record<Side, { lon: number; lat: number; zoom: number }>> {
    const camera = async (side: Side) => {
      const pane = this.id(`compare-map-${side}`);
      const [lon, lat] = ((await pane.getAttribute('data-center')) ?? '').split(',').map(Number) as [number, number];
      return { lon, lat, zoom: Number(await pane.getAttribute('data-zoom')) };
    };
    return { a: await camera('a'), b: await camera('b') };
  }

  /** Drags one map by (dx, dy) pixels from its centre, slowly (no fling), and waits until both maps have drawn. */
  async pan(side: Side, dx: number, dy: number): Promise<void> {
    const box = await this.id(`compare-map-${side}`).boundingBox();
    if (!box) throw new Error(`map ${side} is not visible`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    const before = await this.checksums();
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx, y + dy, { steps: 20 });
    await this.page.mouse.up();
    await this.page.mouse.move(2, 2);
    await this.settled(before);
  }

  // ---- Pixels ----

  /** A checksum of each map's canvas. */
  async checksums(): Promise<Record<Side, number>> {
    await this.page.evaluate(installReader);
    return this.page.evaluate(() => {
      const reader = (window as CanvasWindow).lczCompareCanvas!;
      const sum = (side: Side) => {
        const p = reader.pixels(side);
        if (!p) return -1;
        let s = 0;
        for (let i = 0; i < p.data.length; i += 7) s = (s * 31 + p.data[i]!) % 2_147_483_647;
        return s;
      };
      return { a: sum('a'), b: sum('b') };
    });
  }

  /**
   * Waits until both canvases hold still over several frames; with `changedFrom`, until one of them first changed
   * from those checksums (returns after `timeout` regardless: the caller's assertion then says what is wrong).
   */
  async settled(changedFrom: Record<Side, number> | null = null, timeout = 20_000): Promise<Record<Side, number>> {
    const started = Date.now();
    let last = await this.checksums();
    let still = 0;
    let moved = changedFrom === null;
    while (Date.now() - started < timeout) {
      await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const now = await this.checksums();
      if (changedFrom && (now.a !== changedFrom.a || now.b !== changedFrom.b)) moved = true;
      still = now.a === last.a && now.b === last.b ? still + 1 : 0;
      last = now;
      if (moved && still >= 4) break;
    }
    return last;
  }

  /** Pixels of one map's canvas painted exactly in `rgb`. */
  async countColour(side: Side, rgb: Rgb): Promise<number> {
    await this.page.evaluate(installReader);
    return this.page.evaluate(
      ({ side, rgb }) => {
        const p = (window as CanvasWindow).lczCompareCanvas!.pixels(side);
        if (!p) return -1;
        let n = 0;
        for (let i = 0; i < p.data.length; i += 4) if (p.data[i] === rgb[0] && p.data[i + 1] === rgb[1] && p.data[i + 2] === rgb[2]) n++;
        return n;
      },
      { side, rgb },
    );
  }

  /**
   * Points between x0 and x1 (window pixels) where each map's own canvas is one colour over a square of 2r + 1
   * pixels, opaque, and the two differ, and nothing lies over the maps (a graticule label, a control, a card): there,
   * whichever map is drawn is known without doubt. From the middle out.
   */
  async twoColourPoints(x0: number, x1: number, count: number, r = 4): Promise<TwoColourPoint[]> {
    await this.page.evaluate(installReader);
    return this.page.evaluate(
      ({ x0, x1, count, r }) => {
        const reader = (window as CanvasWindow).lczCompareCanvas!;
        const a = reader.pixels('a');
        const b = reader.pixels('b');
        if (!a || !b) return [];
        const uniform = (p: NonNullable<typeof a>, cx: number, cy: number): [number, number, number] | null => {
          const at = (x: number, y: number) => (y * p.width + x) * 4;
          const i0 = at(cx, cy);
          const rgb: [number, number, number] = [p.data[i0]!, p.data[i0 + 1]!, p.data[i0 + 2]!];
          for (let y = cy - r; y <= cy + r; y++) {
            for (let x = cx - r; x <= cx + r; x++) {
              if (x < 0 || y < 0 || x >= p.width || y >= p.height) return null;
              const i = at(x, y);
              if (p.data[i] !== rgb[0] || p.data[i + 1] !== rgb[1] || p.data[i + 2] !== rgb[2] || p.data[i + 3] !== 255) return null;
            }
          }
          return rgb;
        };
        const covered = reader.covered();
        const found: { x: number; y: number; a: [number, number, number]; b: [number, number, number] }[] = [];
        const midY = Math.round(a.height / 2);
        for (let dy = 0; dy < a.height / 2 - 60 && found.length < count; dy += 7) {
          for (const y of [midY - dy, midY + dy]) {
            for (let wx = Math.ceil(x0); wx < x1 && found.length < count; wx += 5) {
              const x = Math.round(wx - a.left);
              const yb = Math.round(y + a.top - b.top);
              const xb = Math.round(wx - b.left);
              if (covered(wx, y + a.top)) continue;
              const ca = uniform(a, x, y);
              const cb = ca && uniform(b, xb, yb);
              if (ca && cb && ca.join() !== cb.join() && !found.some((f) => Math.abs(f.x - wx) < 25 && Math.abs(f.y - (y + a.top)) < 25)) {
                found.push({ x: wx, y: y + a.top, a: ca, b: cb });
              }
            }
          }
        }
        return found;
      },
      { x0, x1, count, r },
    );
  }

  /** What the window shows at a point, as a screenshot of it (the two maps as composed on screen, clip and all). */
  async screenColour(point: ScreenPoint): Promise<Rgb> {
    const png = await this.page.screenshot({ clip: { x: Math.round(point.x), y: Math.round(point.y), width: 1, height: 1 } });
    return this.page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(1, 1);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!] as const;
    }, png.toString('base64'));
  }

  /**
   * Side by side: the share of pixels, over the map on both, that are the same at the same place in each view (the
   * same offset from each canvas's centre). Views of one place agree wherever the maps do; views of two places by
   * chance.
   */
  async sameViewShare(): Promise<number> {
    await this.page.evaluate(installReader);
    return this.page.evaluate(() => {
      const reader = (window as CanvasWindow).lczCompareCanvas!;
      const a = reader.pixels('a');
      const b = reader.pixels('b');
      if (!a || !b) return -1;
      const background = (d: Uint8ClampedArray, i: number) => d[i] === 0xe9 && d[i + 1] === 0xec && d[i + 2] === 0xef;
      let same = 0;
      let both = 0;
      const half = Math.min(a.width, b.width) / 2 - 1;
      for (let dy = -a.height / 2 + 40; dy < a.height / 2 - 40; dy += 3) {
        for (let dx = -half; dx < half; dx += 3) {
          const ia = (Math.round(a.height / 2 + dy) * a.width + Math.round(a.width / 2 + dx)) * 4;
          const ib = (Math.round(b.height / 2 + dy) * b.width + Math.round(b.width / 2 + dx)) * 4;
          if (background(a.data, ia) || background(b.data, ib)) continue;
          both++;
          if (a.data[ia] === b.data[ib] && a.data[ia + 1] === b.data[ib + 1] && a.data[ia + 2] === b.data[ib + 2]) same++;
        }
      }
      return both > 0 ? same / both : -1;
    });
  }

  /** A point of map `side`'s canvas painted in `rgb` with the same colour all round (r pixels), nothing over it; in window pixels. */
  async findColour(side: Side, rgb: Rgb, r = 2): Promise<ScreenPoint | null> {
    await this.page.evaluate(installReader);
    return this.page.evaluate(
      ({ side, rgb, r }) => {
        const reader = (window as CanvasWindow).lczCompareCanvas!;
        const p = reader.pixels(side);
        if (!p) return null;
        const covered = reader.covered();
        const is = (x: number, y: number) => {
          const i = (y * p.width + x) * 4;
          return p.data[i] === rgb[0] && p.data[i + 1] === rgb[1] && p.data[i + 2] === rgb[2];
        };
        for (let y = r + 60; y < p.height - r - 60; y++) {
          for (let x = r; x < p.width - r; x++) {
            if (covered(x + p.left, y + p.top)) continue;
            let all = true;
            for (let v = -r; v <= r && all; v++) for (let u = -r; u <= r && all; u++) all = is(x + u, y + v);
            if (all) return { x: x + p.left, y: y + p.top };
          }
        }
        return null;
      },
      { side, rgb, r },
    );
  }

  // ---- The Results tab's "Compare…" ----

  /** Opens "Compare two LCZ maps" from the Results tab, with its first choices. */
  async openDialogFromResults(): Promise<{ a: string; b: string; truth: string }> {
    await this.mapping.openTab('results');
    await this.id('results-compare').click();
    await this.id('compare-dialog').waitFor({ state: 'visible' });
    // The truth is suggested once the core has read A's summary.
    await this.page.waitForFunction(() => (document.querySelector<HTMLInputElement>('[data-testid="compare-truth"]')?.value ?? '') !== '', undefined, { timeout: 10_000 }).catch(() => undefined);
    return {
      a: await this.id('compare-a-select').inputValue(),
      b: await this.id('compare-b-select').inputValue(),
      truth: await this.id('compare-truth').inputValue(),
    };
  }

  /** Chooses A and B (result folders) in the dialog. */
  async chooseInDialog(a: string, b: string): Promise<void> {
    await this.id('compare-a-select').selectOption(a);
    await this.id('compare-b-select').selectOption(b);
  }

  /** Presses Compare in the dialog and waits until the new comparison is drawn. */
  async submitDialog(timeout = 120_000): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.compareReady);
    await this.id('compare-submit').click();
    await this.id('compare-dialog').waitFor({ state: 'detached' });
    await this.waitForComparison(timeout);
  }
}
