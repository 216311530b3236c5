// Domain actions on the LCZ Studio page: specs speak in these, never in selectors.
import type { Page } from '../helpers/browser';

export class LczApp {
  constructor(readonly page: Page) {}

  private id(testId: string) {
    return this.page.getByTestId(testId);
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

  async sceneName(): Promise<string> {
    return (await this.id('scene-name').textContent())?.trim() ?? '';
  }

  async errorText(): Promise<string> {
    const banner = this.id('error-banner');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    return (await banner.textContent()) ?? '';
  }

  async legendValues(): Promise<number[]> {
    const rows = this.id('legend').locator('[data-testid^="legend-row-"]');
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    return ids.map((id) => Number(id.replace('legend-row-', '')));
  }

  async toggleClass(value: number): Promise<void> {
    await this.id(`legend-toggle-${value}`).click();
  }

  async isClassShown(value: number): Promise<boolean> {
    return this.id(`legend-toggle-${value}`).isChecked();
  }

  async setOpacity(percent: number): Promise<void> {
    await this.id('opacity-slider').fill(String(percent));
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

  async inspectClass(): Promise<string> {
    return (await this.id('inspect-class').textContent())?.trim() ?? '';
  }

  async exportTo(path: string): Promise<void> {
    await this.id('export-button').click();
    await this.id('export-path-input').fill(path);
    await this.id('export-submit').click();
  }

  async waitForJob(state: 'succeeded' | 'failed' | 'cancelled', timeout = 60_000): Promise<string> {
    const row = this.id('job-list').getByTestId(`job-${state}`).first();
    await row.waitFor({ state: 'visible', timeout });
    return (await row.textContent()) ?? '';
  }
}
