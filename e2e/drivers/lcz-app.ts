// Domain actions on the LCZ Studio page: specs speak in these, never in selectors.
import { hexToRgb, LCZ_CLASSES } from '../../src/shared/lcz-classes';
import type { Page } from '../helpers/browser';
import { MapCanvas } from '../helpers/map-canvas';

/** The legend: the 17 classes, each one a toggle of its cells on the map. */
export class Legend {
  constructor(
    private readonly page: Page,
    private readonly canvas: MapCanvas,
  ) {}

  /** The class values listed, in order. */
  async values(): Promise<number[]> {
    const rows = this.page.getByTestId('legend').locator('[data-testid^="legend-row-"]');
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    return ids.map((id) => Number(id.replace('legend-row-', '')));
  }

  /** Hides a shown class or shows a hidden one, and waits until the map has drawn the change. */
  async toggleClass(value: number): Promise<void> {
    await this.canvas.after(() => this.page.getByTestId(`legend-toggle-${value}`).click());
  }

  async isClassShown(value: number): Promise<boolean> {
    return this.page.getByTestId(`legend-toggle-${value}`).isChecked();
  }

  /** The classes the legend says in words are not in the map, and its note counting them. */
  async absent(): Promise<{ values: number[]; note: string }> {
    const marks = this.page.getByTestId('legend').locator('[data-testid^="legend-absent-"]:not([data-testid="legend-absent-note"])');
    const ids = await marks.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    const note = this.page.getByTestId('legend-absent-note');
    return { values: ids.map((id) => Number(id.replace('legend-absent-', ''))), note: (await note.count()) > 0 ? ((await note.textContent()) ?? '') : '' };
  }
}

export class LczApp {
  /** What the map shows, pixel by pixel. */
  readonly canvas: MapCanvas;
  readonly legend: Legend;

  constructor(readonly page: Page) {
    this.canvas = new MapCanvas(page);
    this.legend = new Legend(page, this.canvas);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  /** Forgets that a map is drawn, so that the next waitForMap waits for the next map (a result about to open). */
  async awaitNextMap(): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.mapReady);
  }

  async waitForMap(timeout = 60_000): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout });
  }

  async mapName(): Promise<string> {
    return (await this.id('map-name').textContent())?.trim() ?? '';
  }

  /** Browser mode: Open… then type a path on the server machine. */
  async openByPath(path: string): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.mapReady);
    await this.id('open-button').click();
    await this.id('path-input').fill(path);
    await this.id('path-submit').click();
  }

  /** Drag and drop's browser-mode path: the file goes up to the server, then opens. */
  async openByUpload(path: string): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.mapReady);
    await this.id('open-button').click();
    await this.id('file-input').setInputFiles(path);
  }

  /** Drag and drop's browser-mode path for a multi-band scene: it opens in the Mapping tab once its picture is drawn. */
  async openSceneByUpload(path: string): Promise<void> {
    await this.page.evaluate(() => delete document.body.dataset.sceneReady);
    await this.id('open-button').click();
    await this.id('file-input').setInputFiles(path);
    await this.page.waitForFunction(() => document.body.dataset.sceneReady === 'true', undefined, { timeout: 60_000 });
  }

  /** What the Open dialog's upload field offers to pick (its accept list). */
  async uploadAccepts(): Promise<string[]> {
    await this.id('open-button').click();
    const accept = (await this.id('file-input').getAttribute('accept')) ?? '';
    await this.page.keyboard.press('Escape');
    return accept.split(',');
  }

  async sceneName(): Promise<string> {
    return (await this.id('scene-name').textContent())?.trim() ?? '';
  }

  async errorText(): Promise<string> {
    const banner = this.id('error-banner');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    return (await banner.textContent()) ?? '';
  }

  /** Whether an error banner is shown. */
  async errorShown(): Promise<boolean> {
    return (await this.id('error-banner').count()) > 0;
  }

  /** The status bar's badge saying the map on screen is synthetic. */
  async syntheticBadgeShown(): Promise<boolean> {
    return this.id('synthetic-badge').isVisible();
  }

  /** The notice over the map saying what is synthetic, or null when there is none. */
  async syntheticNotice(): Promise<string | null> {
    const notice = this.id('synthetic-notice');
    return (await notice.count()) > 0 ? ((await notice.textContent()) ?? '').trim() : null;
  }

  /** Whether the map on screen says it is a mapping result (and of which scene). */
  async resultShown(): Promise<boolean> {
    return this.id('map-result').isVisible();
  }

  /** The selected tab of the Map view's sidebar: layers, mapping or results. */
  async selectedTab(): Promise<string | null> {
    const tab = this.page.locator('[data-testid^="tab-"][role="tab"][aria-selected="true"]');
    return (await tab.getAttribute('data-testid'))?.replace('tab-', '') ?? null;
  }

  /** Sets the LCZ layer's opacity and waits until the map has drawn it. */
  async setOpacity(percent: number): Promise<void> {
    const slider = this.id('opacity-slider');
    if (Number(await slider.inputValue()) !== percent) await this.canvas.after(() => slider.fill(String(percent)));
  }

  /** Pixels of the map painted in a class's colour (all its visible cells, at full opacity). */
  async classPixels(value: number): Promise<number> {
    return this.canvas.countColour(hexToRgb(LCZ_CLASSES[value - 1]!.color));
  }

  /** Area table rows as {value, km2, percent}. */
  async areas(): Promise<{ value: number; km2: number; percent: number }[]> {
    const rows = this.id('area-table').locator('[data-testid^="area-row-"]');
    return rows.evaluateAll((els) =>
      els.map((el) => {
        const cells = [...el.querySelectorAll('td')].map((td) => td.textContent ?? '');
        const numbers = cells.map((c) => Number(c.replace(/[^\d.-]/g, ''))).filter((n) => Number.isFinite(n));
        return {
          value: Number((el.getAttribute('data-testid') ?? '').replace('area-row-', '')),
          km2: numbers[numbers.length - 2] ?? Number.NaN,
          percent: numbers[numbers.length - 1] ?? Number.NaN,
        };
      }),
    );
  }

  /** Clicks the map at a fraction of its size; returns the inspect panel's text. */
  async inspectAt(fx: number, fy: number): Promise<string> {
    const box = await this.id('map').boundingBox();
    if (!box) throw new Error('map not visible');
    await this.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    const panel = this.id('inspect-panel');
    await panel.waitFor({ state: 'visible' });
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="inspect-panel"]')?.textContent?.includes('…'));
    return (await panel.textContent()) ?? '';
  }

  /** Where the inspected cell is and its raw value, as the inspect panel says. */
  async inspected(): Promise<{ lon: number; lat: number; value: number }> {
    const panel = this.id('inspect-panel');
    const number = async (attribute: string) => Number(await panel.getAttribute(attribute));
    return { lon: await number('data-lon'), lat: await number('data-lat'), value: await number('data-value') };
  }

  async inspectClass(): Promise<string> {
    return (await this.id('inspect-class').textContent())?.trim() ?? '';
  }

  async exportTo(path: string): Promise<void> {
    await this.id('export-button').click();
    await this.id('export-path-input').fill(path);
    await this.id('export-submit').click();
  }

  /** Opens the Export dialog and returns the path it proposes. */
  async openExportDialog(): Promise<string> {
    await this.id('export-button').click();
    return this.id('export-path-input').inputValue();
  }

  /** A dialog (open or export) as it stands: the path in its field and the error shown inside it; null when closed. */
  async dialogState(which: 'open' | 'export'): Promise<{ path: string; error: string } | null> {
    const dialog = this.id(`${which}-dialog`);
    if ((await dialog.count()) === 0) return null;
    const error = this.id(`${which}-dialog-error`);
    return {
      path: await this.id(which === 'open' ? 'path-input' : 'export-path-input').inputValue(),
      error: (await error.count()) > 0 ? ((await error.textContent()) ?? '') : '',
    };
  }

  /** Waits for a dialog to show an error about the path in its field (it reopens after a failed open). */
  async waitForDialogError(which: 'open' | 'export'): Promise<void> {
    await this.id(`${which}-dialog-error`).waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Submits the Export dialog as it is filled in (after correcting its path). */
  async submitExport(path: string): Promise<void> {
    await this.id('export-path-input').fill(path);
    await this.id('export-submit').click();
  }

  async closeDialog(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  async waitForJob(state: 'succeeded' | 'failed' | 'cancelled', timeout = 60_000): Promise<string> {
    const row = this.id('job-list').getByTestId(`job-${state}`).first();
    await row.waitFor({ state: 'visible', timeout });
    return (await row.textContent()) ?? '';
  }
}
