// The basemap as a user handles it: the switch and the tile source in the Layers tab, the note and attribution on
// the map, and what the map canvas shows of it.
import type { Page } from '../helpers/browser';
import { MapCanvas } from '../helpers/map-canvas';

type Rgb = readonly [number, number, number];

export type BasemapChoice = 'osm' | 'custom' | 'outline' | 'none';

/** The land colour of the Natural Earth outline (basemap-layer.ts). */
export const OUTLINE_LAND: Rgb = [244, 241, 232];

export class BasemapDriver {
  readonly canvas: MapCanvas;

  constructor(readonly page: Page) {
    this.canvas = new MapCanvas(page);
  }

  private id(testId: string) {
    return this.page.getByTestId(testId);
  }

  /** The Map view's Layers tab, where the basemap switch is. */
  async showLayersTab(): Promise<void> {
    await this.id('tab-layers').click();
  }

  async choose(choice: BasemapChoice): Promise<void> {
    await this.id('basemap-select').selectOption(choice);
  }

  async choice(): Promise<string> {
    return this.id('basemap-select').inputValue();
  }

  /** Types a tile source (XYZ template, or .pmtiles or .mbtiles path) and presses Use. */
  async useSource(typed: string): Promise<void> {
    await this.choose('custom');
    await this.id('basemap-source-input').fill(typed);
    await this.id('basemap-source-submit').click();
  }

  async sourceTyped(): Promise<string> {
    return this.id('basemap-source-input').inputValue();
  }

  /** Pixels of the map within a few levels of a tile colour, once at least `min` are there (or the count on timeout). */
  async tilePixels(rgb: Rgb, min = 1): Promise<number> {
    return this.canvas.waitForColour(rgb, { tolerance: 3, min });
  }

  /** Pixels of the outline's land, once at least `min` are there. */
  async outlinePixels(min = 1): Promise<number> {
    return this.canvas.waitForColour(OUTLINE_LAND, { tolerance: 2, min });
  }

  /** The attribution on the map (MapLibre's control). */
  async attribution(): Promise<string> {
    const control = this.page.locator('.maplibregl-ctrl-attrib-inner').first();
    await control.waitFor({ state: 'attached' });
    await this.page.waitForFunction(() => (document.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '').includes('Tiles'), undefined, { timeout: 15_000 }).catch(() => undefined);
    return (await control.textContent()) ?? '';
  }

  /** The quiet note that tiles are missing, once shown (null when none comes within `timeout`). */
  async note(timeout = 30_000): Promise<string | null> {
    const note = this.id('basemap-note');
    try {
      await note.waitFor({ state: 'visible', timeout });
    } catch {
      return null;
    }
    return (await note.textContent())?.trim() ?? '';
  }

  async noteShown(): Promise<boolean> {
    return (await this.id('basemap-note').count()) > 0;
  }

  /** Zooms out with the map's − button, `levels` times, waiting for each redraw. */
  async zoomOut(levels: number): Promise<void> {
    for (let i = 0; i < levels; i++) await this.canvas.after(() => this.page.locator('[data-testid="map"] .maplibregl-ctrl-zoom-out').click());
  }

  /** Presses a layer's "Zoom to this layer" button (scene or lcz) and waits for the redraw. */
  async zoomToLayer(layer: 'scene' | 'lcz'): Promise<void> {
    await this.canvas.after(() => this.id(`layer-${layer}`).getByRole('button', { name: /Zoom to/ }).click());
  }
}
