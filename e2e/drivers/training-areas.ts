// Domain actions of the Training areas tab: import, pick a class, draw a polygon with the mouse, read the checks,
// train and map, read the bootstrap assessment. Specs speak in these, never in selectors.
import type { Page } from '../helpers/browser';
import { MapCanvas } from '../helpers/map-canvas';
import { assertOverMap, calibrate, type Projector } from '../helpers/map-projector';
import { ShellDriver } from './shell';

export interface ClassCount {
  lcz: number;
  areas: number;
  /** Training cells from the last check ('' before it). */
  cells: number | null;
}

export interface AreaProblemRow {
  code: string;
  severity: string;
  text: string;
}

export class TrainingAreasDriver {
  private readonly shell: ShellDriver;
  readonly canvas: MapCanvas;

  constructor(readonly page: Page) {
    this.shell = new ShellDriver(page);
    this.canvas = new MapCanvas(page);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  /** Browser mode's Open… with a path on the server, waiting until the scene's picture is drawn. */
  async openScene(path: string): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.sceneReady);
    await this.id('open-button').click();
    await this.id('path-input').fill(path);
    await this.id('path-submit').click();
    await this.page.waitForFunction(() => document.body.dataset.sceneReady === 'true', undefined, { timeout: 60_000 });
  }

  async openTab(): Promise<void> {
    await this.shell.showView('map');
    await this.id('tab-areas').click();
    await this.id('tab-panel-areas').waitFor({ state: 'visible' });
  }

  /** The tab's "Zoom to the scene": the whole scene in view; resolves once the map has drawn it. */
  async zoomToScene(): Promise<void> {
    await this.canvas.after(() => this.id('areas-zoom-scene').click());
  }

  async sceneLabel(): Promise<string> {
    return ((await this.id('areas-scene').textContent()) ?? '').trim();
  }

  /** Imports a file by path; resolves once its areas are listed and the map has drawn them. */
  async importFile(path: string): Promise<void> {
    const before = await this.totalAreas();
    await this.id('areas-path-input').fill(path);
    await this.canvas.after(async () => {
      await this.id('areas-import').click();
      await this.page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="area-class-table"]')?.getAttribute('data-total') ?? '0') > n,
        before,
        { timeout: 30_000 },
      );
    });
  }

  async exportFile(path: string, format: 'kml' | 'geojson'): Promise<string> {
    await this.id('areas-path-input').fill(path);
    await this.id(format === 'kml' ? 'areas-export-kml' : 'areas-export-geojson').click();
    const done = this.id('areas-file-done');
    await this.page.waitForFunction((p) => document.querySelector('[data-testid="areas-file-done"]')?.textContent?.includes(p) ?? false, path);
    return ((await done.textContent()) ?? '').trim();
  }

  async totalAreas(): Promise<number> {
    return Number((await this.id('area-class-table').getAttribute('data-total')) ?? '0');
  }

  /** Polygons and training cells of each class that has areas. */
  async classCounts(): Promise<ClassCount[]> {
    const rows = this.page.locator('[data-testid^="area-class-"][data-areas]');
    const all = await rows.evaluateAll((els) =>
      els.map((el) => ({ lcz: Number(el.getAttribute('data-testid')!.replace('area-class-', '')), areas: Number(el.getAttribute('data-areas')), cells: el.getAttribute('data-cells') })),
    );
    return all.filter((r) => r.areas > 0).map((r) => ({ lcz: r.lcz, areas: r.areas, cells: r.cells === '' || r.cells === null ? null : Number(r.cells) }));
  }

  /** Waits until the core has checked the areas as they are now, and returns its problems (empty when all is well). */
  async checks(timeout = 60_000): Promise<AreaProblemRow[]> {
    await this.page.waitForFunction(
      () => document.querySelector('[data-testid="area-problems"], [data-testid="area-checks-ok"], [data-testid="area-check-failed"]') !== null,
      undefined,
      { timeout },
    );
    if ((await this.id('area-check-failed').count()) > 0) throw new Error(`The check failed: ${await this.id('area-check-failed').textContent()}`);
    return this.page.locator('[data-testid="area-problem"]').evaluateAll((els) =>
      els.map((el) => ({ code: el.getAttribute('data-code') ?? '', severity: el.getAttribute('data-severity') ?? '', text: (el.textContent ?? '').trim() })),
    );
  }

  /** "Zoom to" of the problem at `index`; resolves once the map has moved and drawn. */
  async zoomToProblem(index: number): Promise<void> {
    await this.canvas.after(() => this.page.locator('[data-testid="area-problem-zoom"]').nth(index).click());
  }

  async pickClass(lcz: number): Promise<void> {
    await this.id(`area-pick-${lcz}`).check();
  }

  async setTool(tool: 'view' | 'draw' | 'edit'): Promise<void> {
    await this.id(`areas-tool-${tool}`).click();
  }

  /**
   * Brings a place into view as a person would: shift-drag a box around it (MapLibre's box zoom), once or twice,
   * until the ring (lon/lat) spans about `pixels` across, whole and clear of the map's edges and buttons. Done with
   * the View tool, so the gesture is the map's, not the drawing's. Starts from the whole scene (the tab's zoom to it).
   */
  async frame(ring: readonly (readonly [number, number])[], pixels = 150): Promise<void> {
    await this.zoomToScene();
    const map = (await this.id('map').boundingBox())!;
    for (let attempt = 0; attempt < 4; attempt++) {
      const project = await this.calibrate();
      const corners = ring.map(([lon, lat]) => project(lon, lat));
      const xs = corners.map((c) => c.x);
      const ys = corners.map((c) => c.y);
      const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const side = Math.max(right - left, bottom - top);
      const inView = left > map.x + 60 && right < map.x + map.width - 60 && top > map.y + 60 && bottom < map.y + map.height - 60;
      if (inView && side >= pixels * 0.8) return;
      // Box zoom fits the box to the map: a box `side * fit / pixels` wide makes the ring `pixels` wide.
      const fit = Math.min(map.width, map.height);
      const half = Math.max(8, (side * fit) / pixels / 2);
      const [cx, cy] = [(left + right) / 2, (top + bottom) / 2];
      if (cx - half < map.x || cx + half > map.x + map.width || cy - half < map.y || cy + half > map.y + map.height) {
        throw new Error(`The place to frame is not in view: its box (${Math.round(cx)}, ${Math.round(cy)}) ± ${Math.round(half)} px leaves the map`);
      }
      await this.canvas.after(async () => {
        await this.page.mouse.move(cx - half, cy - half);
        await this.page.keyboard.down('Shift');
        await this.page.mouse.down();
        await this.page.mouse.move(cx + half, cy + half, { steps: 5 });
        await this.page.mouse.up();
        await this.page.keyboard.up('Shift');
      });
    }
    throw new Error(`The map did not frame the place at ${pixels} px`);
  }

  /** How lon/lat maps to the screen now (the status bar's readings of two points). */
  async calibrate(): Promise<Projector> {
    return calibrate(this.page);
  }

  /**
   * Draws a polygon with the mouse (Draw tool): a click on each corner of `ring` (lon/lat, closed), then a click on
   * the first corner again to close it. Resolves once the new area is listed. Every corner must be over the map
   * itself: a click that lands on the status bar or a button is not the map's (frame the place first).
   */
  async drawPolygon(ring: readonly (readonly [number, number])[]): Promise<void> {
    const before = await this.totalAreas();
    const project = await this.calibrate();
    const corners = ring.slice(0, -1).map(([lon, lat]) => project(lon, lat));
    for (const [i, { x, y }] of corners.entries()) await assertOverMap(this.page, x, y, `Corner ${i} of the polygon`);
    for (const { x, y } of [...corners, corners[0]!]) {
      await this.page.mouse.move(x, y, { steps: 4 });
      await this.page.mouse.click(x, y);
    }
    await this.page.waitForFunction((n) => Number(document.querySelector('[data-testid="area-class-table"]')?.getAttribute('data-total') ?? '0') > n, before, {
      timeout: 10_000,
    });
  }

  /** The areas listed: id, class and name. */
  async areaItems(): Promise<{ id: string; lcz: number; text: string }[]> {
    const toggle = this.id('area-list-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    return this.page.locator('[data-testid="area-item"]').evaluateAll((els) =>
      els.map((el) => ({ id: el.getAttribute('data-id') ?? '', lcz: Number(el.getAttribute('data-lcz')), text: (el.textContent ?? '').trim() })),
    );
  }

  /** Deletes the listed area with this id (its Delete button in the list); resolves once it is gone from the counts. */
  async deleteArea(id: string): Promise<void> {
    const before = await this.totalAreas();
    await this.page.locator(`[data-testid="area-item"][data-id="${id}"] [data-testid="area-delete"]`).click();
    await this.page.waitForFunction((n) => Number(document.querySelector('[data-testid="area-class-table"]')?.getAttribute('data-total') ?? '0') < n, before);
  }

  /** Whether the report says the last map was made without bootstrap runs. */
  async mappedWithoutBootstrap(): Promise<boolean> {
    return this.id('areas-no-bootstrap').isVisible();
  }

  /** The window's title: the name of the map on screen. */
  async mapTitle(): Promise<string> {
    return this.page.title();
  }

  async savedSetName(): Promise<string> {
    return ((await this.id('areas-saved-path').getAttribute('title')) ?? '').trim();
  }

  async setTraining(trees: number, bootstrap: number): Promise<void> {
    await this.id('areas-trees').fill(String(trees));
    await this.id('areas-bootstrap').fill(String(bootstrap));
  }

  /** Presses Train and map (once the check allows it) and waits until the job shows its progress or has ended. */
  async trainAndMap(): Promise<void> {
    await this.page.waitForFunction(() => {
      const b = document.querySelector<HTMLButtonElement>('[data-testid="areas-train"]');
      return b !== null && !b.disabled;
    }, undefined, { timeout: 60_000 });
    await this.page.evaluate(() => delete document.body.dataset.mapReady);
    await this.id('areas-train').click();
    await this.page.waitForFunction(() => document.querySelector('[data-testid="areas-progress"], [data-testid="areas-outcome"]') !== null, undefined, {
      timeout: 30_000,
    });
  }

  /** The running job's stage line, once it has one. */
  async progressText(): Promise<string> {
    const stage = this.page.locator('[data-testid="areas-progress"] [data-testid="job-stage"]');
    await stage.waitFor({ state: 'visible', timeout: 60_000 });
    return ((await stage.textContent()) ?? '').trim();
  }

  async cancel(): Promise<void> {
    await this.id('areas-cancel').click();
  }

  /** Waits for the job's end as the tab says it: succeeded (with its map drawn), failed or cancelled. */
  async outcome(timeout = 240_000): Promise<{ state: string; text: string }> {
    const outcome = this.id('areas-outcome');
    await outcome.waitFor({ state: 'visible', timeout });
    const state = (await outcome.getAttribute('data-state')) ?? '';
    if (state === 'succeeded') {
      await this.page.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 60_000 });
      await this.id('areas-report').waitFor({ state: 'visible', timeout: 30_000 });
    }
    return { state, text: ((await outcome.textContent()) ?? '').trim() };
  }

  /** The bootstrap assessment: the medians line, the boxes drawn (one per measure), the confusion cells, suspicious areas. */
  async report(): Promise<{ medians: string; boxes: number; confusionCells: number; suspicious: string[] }> {
    const boxes = await this.page.locator('[data-testid="areas-boxplots"] svg g[aria-label="bar"] rect').count();
    const confusionCells = await this.page.locator('[data-testid="areas-confusion"] svg g[aria-label="cell"] rect').count();
    const suspicious = await this.page.locator('[data-testid="areas-suspicious-item"]').allTextContents();
    return { medians: ((await this.id('areas-medians').textContent()) ?? '').trim(), boxes, confusionCells, suspicious };
  }

  /** Scrolls the sidebar so the report starts at its top, heading first (the report is taller than the sidebar). */
  async scrollToReport(): Promise<void> {
    await this.id('areas-report-toggle').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  }
}
